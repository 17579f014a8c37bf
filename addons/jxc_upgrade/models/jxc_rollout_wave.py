# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command

# Bilingual on purpose: the checklist is read by the people who sign it off.
DEFAULT_CHECKLIST = [
    "旧系统已停止录入 Legacy system no longer accepts entries",
    "库存快照已导出并核对 Legacy stock export taken and checked",
    "对账通过并已签字 Reconciliation passed and signed off",
    "未完成订单已与业务确认 Open orders confirmed with purchasing and sales",
    "应收应付余额已与财务确认 AR/AP balances confirmed with finance",
    "仓库人员已培训 Warehouse staff trained on Odoo",
]


class JxcRolloutWave(models.Model):
    """A rollout wave: warehouses that go live together, with a plan and a checklist."""

    _name = "jxc.rollout.wave"
    _description = "Rollout Wave"
    _inherit = ["mail.thread"]
    _order = "planned_golive_date, id"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True,
        help="Who decides the go-live and a rollback; named in the lock message.",
    )
    planned_freeze_date = fields.Date(tracking=True)
    planned_golive_date = fields.Date(string="Planned Go-Live Date", tracking=True)
    warehouse_ids = fields.One2many(
        "stock.warehouse", "jxc_wave_id", string="Warehouses",
        domain="[('company_id', '=', company_id)]",
    )
    checklist_item_ids = fields.One2many(
        "jxc.rollout.checklist.item", "wave_id", string="Checklist", copy=True
    )
    rollback_triggers = fields.Text(
        tracking=True,
        help="When the wave is rolled back, e.g. stock differences above 0.5% of value, "
        "more than a day of blocked deliveries. Required before a warehouse goes live.",
    )
    note = fields.Html()
    state = fields.Selection(
        [("planned", "Planned"), ("running", "In Progress"), ("done", "Live")],
        compute="_compute_state",
        store=True,
        help="Planned: no warehouse frozen yet. Live: every warehouse is live.",
    )
    checklist_done = fields.Boolean(compute="_compute_checklist_done")
    warehouse_count = fields.Integer(compute="_compute_state", store=True)

    @api.depends("warehouse_ids.jxc_cutover_state")
    def _compute_state(self):
        for wave in self:
            states = set(wave.warehouse_ids.mapped("jxc_cutover_state"))
            wave.warehouse_count = len(wave.warehouse_ids)
            if not states or states == {"legacy"}:
                wave.state = "planned"
            elif states == {"live"}:
                wave.state = "done"
            else:
                wave.state = "running"

    @api.depends("checklist_item_ids.done")
    def _compute_checklist_done(self):
        for wave in self:
            items = wave.checklist_item_ids
            wave.checklist_done = bool(items) and all(items.mapped("done"))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        links = [vals.pop("warehouse_ids", None) for vals in vals_list]
        waves = super().create(vals_list)
        for wave, commands in zip(waves, links, strict=True):
            if commands:
                wave._jxc_set_warehouses(commands)
        return waves

    def write(self, vals):
        vals = dict(vals)
        commands = vals.pop("warehouse_ids", None)
        result = super().write(vals)
        if commands:
            self._jxc_set_warehouses(commands)
        return result

    def _jxc_set_warehouses(self, commands):
        """Linking a warehouse writes its ``jxc_wave_id``: a migration manager may plan
        waves without the right to edit warehouses (Inventory/Administrator)."""
        self.check_access("write")
        return super(JxcRolloutWave, self.sudo()).write({"warehouse_ids": commands})

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "checklist_item_ids" in fields_list and not values.get("checklist_item_ids"):
            values["checklist_item_ids"] = [
                Command.create({"sequence": 10 * index, "name": name})
                for index, name in enumerate(DEFAULT_CHECKLIST, start=1)
            ]
        return values

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_upgrade.action_jxc_rollout_event"
        )
        action["domain"] = [("warehouse_id", "in", self.warehouse_ids.ids)]
        return action
