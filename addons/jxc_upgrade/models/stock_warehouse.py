# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..services.balances import OpeningBalancesLoader
from ..services.open_orders import OpenOrdersLoader
from ..services.opening_stock import OpeningStockLoader

CUTOVER_STATES = [
    ("legacy", "Legacy"),
    ("frozen", "Frozen"),
    ("loaded", "Loaded"),
    ("reconciled", "Reconciled"),
    ("live", "Live"),
]
# The messages of the rollout are bilingual (zh_CN first), as the import's are: the
# states are named in both languages inside them.
STATE_NAMES = {
    "legacy": "旧系统 legacy",
    "frozen": "已冻结 frozen",
    "loaded": "已导入 loaded",
    "reconciled": "已对账 reconciled",
    "live": "已上线 live",
}
# Warehouses that hold data of the migration (stock, orders, balances), whatever their
# state: a load that was interrupted leaves a frozen warehouse holding some.
ROLLBACK_FROM = ("frozen", "loaded", "reconciled", "live")


class RollbackRefused(Exception):
    """Raised inside the rollback's savepoint so that nothing it did is kept."""

    def __init__(self, dependents):
        super().__init__("\n".join(dependents))
        self.dependents = dependents


class StockWarehouse(models.Model):
    _name = "stock.warehouse"
    _inherit = ["stock.warehouse", "mail.thread"]

    jxc_legacy_code = fields.Char(
        string="Legacy Code",
        copy=False,
        index="btree_not_null",
        help="The warehouse's code in the legacy 进销存 system.",
    )
    jxc_legacy_hash = fields.Char(copy=False, groups="base.group_system")

    # ------------------------------------------------------------------ rollout
    jxc_cutover_state = fields.Selection(
        CUTOVER_STATES,
        string="Cutover State",
        default="live",
        required=True,
        copy=False,
        index=True,
        help="Legacy: still run in the legacy system. Frozen: the legacy snapshot is "
        "taken, no stock operation can be validated. Loaded: opening stock, open orders "
        "and balances are imported. Reconciled: a reconciliation passed. Live: the "
        "warehouse works in Odoo. Warehouses created in Odoo are live.",
    )
    jxc_snapshot_batch_id = fields.Many2one(
        "jxc.import.batch",
        string="Legacy Snapshot",
        copy=False,
        readonly=True,
        help="The import batch whose figures the warehouse was frozen on and is loaded from.",
    )
    jxc_migrated = fields.Boolean(
        string="Holds Migrated Data",
        copy=False,
        readonly=True,
        help="Set when a load starts, cleared by the rollback.",
    )
    jxc_wave_id = fields.Many2one(
        "jxc.rollout.wave", string="Rollout Wave", copy=False, index="btree_not_null",
        tracking=True,
    )
    jxc_rollout_event_ids = fields.One2many(
        "jxc.rollout.event", "warehouse_id", string="Rollout History"
    )

    _sql_constraints = [
        ("jxc_legacy_code_company_unique", "unique(jxc_legacy_code, company_id)",
         "Another warehouse of this company already carries this legacy code."),
    ]

    # --------------------------------------------------------------------- lock

    def _jxc_check_rollout_lock(self):
        """Refuse to validate stock operations of a warehouse that is not live, when the
        company's rollout lock is on. The cut-over's own moves pass
        (context ``jxc_cutover_load``, set by the load and the rollback)."""
        if not self:
            return
        if self.env.context.get("jxc_cutover_load") and (
            self.env.su or self.env.user.has_group("jxc_upgrade.group_jxc_migration_manager")
        ):
            return
        for warehouse in self.sudo():
            if warehouse.jxc_cutover_state != "live" and warehouse.company_id.jxc_rollout_lock:
                raise UserError(warehouse._jxc_lock_message())

    def _jxc_lock_message(self):
        responsible = self.jxc_wave_id.user_id.name
        return self.env._(
            "仓库「%(warehouse)s」正在迁移（%(state)s），在上线之前不能确认它的库存作业。"
            "迁移管理员（%(who)s）可在 库存 › 系统迁移 › 分仓上线 中更改它的状态。\n"
            "Warehouse %(warehouse)s is being migrated (%(state)s): its stock operations "
            "cannot be validated until it is live. A JXC Migration Manager (%(who)s) "
            "changes its state in Inventory › Migration › Rollout.",
            warehouse=self.display_name,
            state=STATE_NAMES[self.jxc_cutover_state],
            who=responsible or self.env._("尚无上线批次负责人 no wave responsible yet"),
        )

    # -------------------------------------------------------------------- gate

    def _jxc_check_reconciled(self):
        """(ok, reason): whether a passing reconciliation allows loaded → reconciled.

        jxc_reconcile overrides this with its reconciliation of the loaded figures.
        """
        self.ensure_one()
        return (
            False,
            self.env._(
                "请安装对账模块 jxc_reconcile：没有通过的对账，仓库不能标记为已对账。\n"
                "Install jxc_reconcile: without a passing reconciliation a warehouse "
                "cannot be marked reconciled."
            ),
        )

    # ------------------------------------------------------------- transitions

    def _jxc_check_manager(self):
        if not self.env.user.has_group("jxc_upgrade.group_jxc_migration_manager"):
            raise AccessError(
                self.env._(
                    "只有迁移管理员可以更改仓库的上线状态。\n"
                    "Only a JXC Migration Manager may change a warehouse's rollout state."
                )
            )

    def _jxc_check_state(self, allowed, action):
        if self.jxc_cutover_state not in allowed:
            raise UserError(
                self.env._(
                    "仓库「%(warehouse)s」处于 %(state)s 状态，不能%(action_zh)s。\n"
                    "Warehouse %(warehouse)s is %(state)s: it cannot be %(action)s "
                    "(allowed from: %(allowed)s).",
                    warehouse=self.display_name,
                    state=STATE_NAMES[self.jxc_cutover_state],
                    action_zh=action[0],
                    action=action[1],
                    allowed=", ".join(STATE_NAMES[s] for s in allowed),
                )
            )

    def _jxc_transition(self, to_state, reason, details=None, vals=None):
        """Change the state, post the chatter note and append the rollout event."""
        self.ensure_one()
        from_state = self.jxc_cutover_state
        # The manager was checked; a warehouse's own fields need Inventory/Administrator.
        self.sudo().write(dict(vals or {}, jxc_cutover_state=to_state))
        self.env["jxc.rollout.event"].sudo().create(
            {
                "warehouse_id": self.id,
                "wave_id": self.jxc_wave_id.id,
                "from_state": from_state,
                "to_state": to_state,
                "user_id": self.env.user.id,
                "reason": reason or False,
                "details": details or False,
            }
        )
        self._jxc_log(
            self.env._(
                "上线状态 Cutover state: %(from_state)s → %(to_state)s",
                from_state=STATE_NAMES[from_state],
                to_state=STATE_NAMES[to_state],
            ),
            reason,
            details,
        )

    def _jxc_log(self, title, reason=None, details=None):
        body = Markup("<p><b>%s</b></p>") % title
        if reason:
            body += Markup("<p>%s %s</p>") % (self.env._("原因 Reason:"), reason)
        if details:
            body += Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s: %s</li>") % (key, escape(_format_detail(value)))
                for key, value in details.items()
            )
        # A log note, not a message: it needs no e-mail address of the user.
        self._message_log(body=body)

    def _jxc_snapshot_candidate(self):
        """The latest applied import batch that has stock lines of this warehouse."""
        self.ensure_one()
        line = self.env["jxc.legacy.stock.line"].sudo().search(
            [
                ("warehouse_id", "=", self.id),
                ("batch_id.state", "=", "done"),
                ("batch_id.company_id", "=", self.company_id.id),
            ],
            order="batch_id desc",
            limit=1,
        )
        return line.batch_id

    def action_jxc_freeze(self, reason=None):
        """legacy → frozen: take the legacy snapshot; stock operations stop."""
        self.ensure_one()
        self._jxc_check_manager()
        self._jxc_check_state(("legacy",), ("冻结", "frozen"))
        batch = self._jxc_snapshot_candidate()
        if not batch:
            raise UserError(
                self.env._(
                    "仓库「%(warehouse)s」没有已导入的库存快照：请先导入包含该仓库库存的旧系统数据。\n"
                    "Warehouse %(warehouse)s has no legacy snapshot: import a legacy "
                    "export that holds its stock first (Inventory › Migration › Import "
                    "Legacy Data).",
                    warehouse=self.display_name,
                )
            )
        self._jxc_transition(
            "frozen", reason, {"snapshot": batch.name},
            vals={"jxc_snapshot_batch_id": batch.id},
        )
        return True

    def _jxc_load_env(self):
        """The environment of the cut-over's own stock moves: they pass the lock."""
        return self.env(context=dict(self.env.context, jxc_cutover_load=True))

    def _jxc_stock_loader(self, commit_chunks=False):
        env = self._jxc_load_env()
        return OpeningStockLoader(env, self.with_env(env), commit_chunks=commit_chunks)

    def action_jxc_load(self, reason=None, commit_chunks=False):
        """frozen → loaded: opening stock, open orders and (first load of the company)
        the partners' opening balances. Run again, it loads what is missing only: a load
        that was interrupted is finished by running it again.

        ``commit_chunks`` (command line only) commits each finished part, so that a
        killed load keeps what it did; the state changes when everything is loaded.
        """
        self.ensure_one()
        self._jxc_check_manager()
        self._jxc_check_state(("frozen", "loaded"), ("导入", "loaded"))
        batch = self.jxc_snapshot_batch_id
        if not batch:
            raise UserError(self.env._("仓库没有旧系统快照 The warehouse has no legacy snapshot."))
        if not self.jxc_migrated:
            self.sudo().jxc_migrated = True
            self._jxc_commit(commit_chunks)
        env = self._jxc_load_env()
        warehouse = self.with_env(env)
        lines = env["jxc.legacy.stock.line"].search(
            [("batch_id", "=", batch.id), ("warehouse_id", "=", self.id),
             ("state", "=", "pending")]
        )
        stock = {"lines": 0, "lots_created": 0, "qty": 0.0, "value": 0.0}
        if lines:
            stock = self._jxc_stock_loader(commit_chunks).load(lines=lines)
        self._jxc_commit(commit_chunks)
        orders = OpenOrdersLoader(env, warehouse, commit_chunks=commit_chunks).load(batch)
        self._jxc_commit(commit_chunks)
        balances = OpeningBalancesLoader(env, self.company_id).load(batch, warehouse)
        result = {"snapshot": batch.name, "stock": stock, "orders": orders,
                  "balances": balances}
        details = {
            self.env._("快照 Snapshot"): batch.name,
            self.env._("库存 Stock"): stock,
            self.env._("未完成订单 Open orders"): orders,
            self.env._("往来余额 Balances"): balances,
        }
        if self.jxc_cutover_state == "frozen":
            self._jxc_transition("loaded", reason, details)
        else:
            self._jxc_log(self.env._("再次导入 Load run again"), reason, details)
        self._jxc_commit(commit_chunks)
        return result

    def action_jxc_mark_reconciled(self, reason=None):
        """loaded → reconciled, through the reconciliation's gate."""
        self.ensure_one()
        self._jxc_check_manager()
        self._jxc_check_state(("loaded",), ("标记为已对账", "marked reconciled"))
        ok, why = self._jxc_check_reconciled()
        if not ok:
            raise UserError(why)
        self._jxc_transition("reconciled", reason, {self.env._("对账 Reconciliation"): why})
        return True

    def _jxc_golive_problems(self):
        self.ensure_one()
        wave = self.jxc_wave_id
        if not wave:
            return [self.env._(
                "仓库不在任何上线批次中 The warehouse is in no rollout wave: add it to one "
                "(Inventory › Migration › Rollout › Waves)."
            )]
        problems = []
        if not (wave.rollback_triggers or "").strip():
            problems.append(self.env._(
                "上线批次「%(wave)s」没有填写回滚触发条件 The rollout wave %(wave)s has no "
                "rollback triggers written.", wave=wave.name))
        todo = wave.checklist_item_ids.filtered(lambda item: not item.done)
        if not wave.checklist_item_ids:
            problems.append(self.env._(
                "上线批次「%(wave)s」没有检查清单 The rollout wave %(wave)s has no checklist.",
                wave=wave.name))
        elif todo:
            problems.append(self.env._(
                "检查清单未完成 Checklist items not done: %(items)s",
                items="; ".join(todo.mapped("name"))))
        return problems

    def action_jxc_golive(self, reason=None):
        """reconciled → live: needs the wave's rollback triggers and a done checklist."""
        self.ensure_one()
        self._jxc_check_manager()
        self._jxc_check_state(("reconciled",), ("上线", "put live"))
        problems = self._jxc_golive_problems()
        if problems:
            raise UserError("\n".join(problems))
        self._jxc_transition("live", reason, {self.env._("上线批次 Wave"): self.jxc_wave_id.name})
        return True

    # ---------------------------------------------------------------- rollback

    def _jxc_other_holders(self):
        """The other warehouses of the company that still hold migrated data."""
        return self.sudo().search(
            [("company_id", "=", self.company_id.id), ("id", "!=", self.id),
             ("jxc_migrated", "=", True)]
        )

    def _jxc_balances_go_with_me(self):
        company = self.company_id
        return bool(company.sudo().jxc_opening_move_id) and not self._jxc_other_holders()

    def jxc_rollback_dependents(self):
        """What refuses a rollback now: later transactions depending on the migration."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._jxc_undo(dry_run=True)
        except RollbackRefused as refused:
            return refused.dependents
        return []

    def _jxc_undo(self, dry_run=False):
        """Remove the warehouse's migrated data; raise RollbackRefused listing what
        depends on it. Run inside a savepoint: a refusal keeps nothing of what it did."""
        env = self._jxc_load_env()
        warehouse = self.with_env(env)
        orders = OpenOrdersLoader(env, warehouse)
        balances = OpeningBalancesLoader(env, self.company_id)
        with_balances = self._jxc_balances_go_with_me()
        dependents = orders.dependents()
        if with_balances:
            dependents += balances.dependents()
        if dependents:
            raise RollbackRefused(dependents)
        # The open orders go first: their deliveries may have reserved the opening stock.
        result = {"orders": orders.rollback()}
        # The stock rollback works in SQL: it must see the released reservations.
        self.env.flush_all()
        stock = self._jxc_stock_loader()
        dependents = stock.dependents()
        if dependents:
            raise RollbackRefused(dependents)
        if dry_run:
            raise RollbackRefused([])
        result["stock"] = stock.rollback()
        result["balances"] = balances.rollback() if with_balances else {
            "kept": bool(self.company_id.sudo().jxc_opening_move_id)}
        return result

    def action_jxc_rollback(self, reason=None):
        """frozen, loaded, reconciled or live (pilot) → legacy: the opening stock, open
        orders and (last warehouse holding migrated data) the opening balances of the
        migration are removed or reversed. If later transactions depend on them,
        nothing changes and the error lists them."""
        self.ensure_one()
        self._jxc_check_manager()
        self._jxc_check_state(ROLLBACK_FROM, ("回滚", "rolled back"))
        if not self.jxc_snapshot_batch_id:
            raise UserError(self.env._(
                "仓库「%(warehouse)s」不是迁移来的，没有可回滚的数据。\n"
                "Warehouse %(warehouse)s was not migrated: there is nothing to roll back.",
                warehouse=self.display_name))
        try:
            with self.env.cr.savepoint():
                result = self._jxc_undo()
        except RollbackRefused as refused:
            raise UserError(
                self.env._(
                    "不能回滚仓库「%(warehouse)s」：以下业务依赖迁移的数据，请先处理它们。\n"
                    "Warehouse %(warehouse)s cannot be rolled back: these later "
                    "transactions depend on its migrated data.\n%(dependents)s",
                    warehouse=self.display_name,
                    dependents="\n".join("- %s" % d for d in refused.dependents),
                )
            ) from None
        self._jxc_transition(
            "legacy", reason,
            {self.env._("回滚 Rolled back"): result},
            vals={"jxc_migrated": False},
        )
        return result

    def _jxc_commit(self, commit_chunks):
        if commit_chunks:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    # ------------------------------------------------------------------- views

    def action_jxc_open_transition(self):
        self.ensure_one()
        self._jxc_check_manager()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_upgrade.action_jxc_rollout_transition"
        )
        action["context"] = {
            "default_warehouse_id": self.id,
            "default_transition": self.env.context.get("jxc_transition"),
        }
        return action


def _format_detail(value):
    if isinstance(value, dict):
        return ", ".join("%s %s" % (k, _format_detail(v)) for k, v in value.items())
    if isinstance(value, float):
        return "%.2f" % value
    return str(value)
