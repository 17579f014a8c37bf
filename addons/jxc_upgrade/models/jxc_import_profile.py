# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, fields, models

from ..engine import profiles as engine_profiles

ENTITIES = [
    ("product", "Product"),
    ("partner", "Partner"),
    ("stock", "Stock"),
    ("order", "Open order"),
]
VALUE_MAP_KINDS = [
    ("bool", "Yes / No"),
    ("partner_kind", "Partner type"),
    ("order_kind", "Order type"),
    ("uom", "Unit of measure"),
    ("category", "Product category"),
]


class JxcImportProfile(models.Model):
    """A mapping profile: how one legacy system's export maps onto the engine's fields.

    Kept as data so that an implementer adapts a customer's variant of an export in the
    web client instead of in code; ``_to_engine_dict`` gives the engine its plain dict.
    """

    _name = "jxc.import.profile"
    _description = "Legacy Import Mapping Profile"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, copy=False, help="Used on the command line: jxc import --profile CODE"
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    encoding = fields.Selection(
        [("auto", "Detect"), ("utf-8", "UTF-8"), ("gb18030", "GB18030 / GBK / GB2312")],
        default="auto",
        required=True,
    )
    date_order = fields.Selection(
        [("ymd", "Year-month-day"), ("dmy", "Day-month-year"), ("mdy", "Month-day-year")],
        default="ymd",
        required=True,
        help="How to read ambiguous dates such as 03/05/2025.",
    )
    shelf_life_unit = fields.Selection(
        [("month", "Months"), ("day", "Days")],
        default="month",
        required=True,
        help="The unit of the shelf-life column of the product file.",
    )
    column_ids = fields.One2many("jxc.import.profile.column", "profile_id", copy=True)
    value_ids = fields.One2many("jxc.import.profile.value", "profile_id", copy=True)
    note = fields.Text()

    _sql_constraints = [
        ("code_unique", "unique(code)", "A mapping profile code must be unique."),
    ]

    def copy_data(self, default=None):
        # A customer's variant starts as a copy of a preset: the copy needs a code of its
        # own (the code is unique).
        vals_list = super().copy_data(default=default)
        for profile, vals in zip(self, vals_list, strict=True):
            vals.setdefault("code", "%s_copy_%d" % (profile.code, profile.id))
            vals.setdefault("name", self.env._("%(name)s (copy)", name=profile.name))
        return vals_list

    def _to_engine_dict(self):
        self.ensure_one()
        entities = {}
        for column in self.column_ids.sorted("sequence"):
            spec = entities.setdefault(column.entity, {"columns": {}, "required": []})
            spec["columns"][column.legacy_column] = column.target_field
            if column.required:
                spec["required"].append(column.target_field)
        value_maps = {}
        for value in self.value_ids:
            target = value.target_value
            if value.map_kind == "bool":
                target = target.strip().lower() in ("1", "true", "yes", "y", "是")
            value_maps.setdefault(value.map_kind, {})[value.legacy_value] = target
        return {
            "code": self.code,
            "name": self.name,
            "encoding": self.encoding,
            "date_order": self.date_order,
            "shelf_life_unit": self.shelf_life_unit,
            "entities": entities,
            "value_maps": value_maps,
        }

    def action_export_json(self):
        """Download the profile as the engine reads it: to hand a customer's variant to
        another implementer, or to keep it with the customer's project files."""
        self.ensure_one()
        content = json.dumps(self._to_engine_dict(), ensure_ascii=False, indent=2)
        attachment = self.env["ir.attachment"].create({
            "name": "jxc-profile-%s.json" % self.code,
            "raw": content.encode("utf-8"),
            "mimetype": "application/json",
            "res_model": self._name,
            "res_id": self.id,
        })
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%d?download=true" % attachment.id,
            "target": "self",
        }

    @api.model
    def _load_presets(self):
        """Create the shipped presets that do not exist yet; never overwrite edits."""
        existing = set(self.with_context(active_test=False).search([]).mapped("code"))
        for code, preset in engine_profiles.PRESETS.items():
            if code in existing:
                continue
            columns = []
            for sequence, (entity, spec) in enumerate(preset["entities"].items()):
                required = set(spec.get("required", ()))
                for position, (legacy, target) in enumerate(spec["columns"].items()):
                    columns.append(
                        fields.Command.create(
                            {
                                "entity": entity,
                                "legacy_column": legacy,
                                "target_field": target,
                                "required": target in required,
                                "sequence": sequence * 100 + position,
                            }
                        )
                    )
            values = [
                fields.Command.create(
                    {"map_kind": kind, "legacy_value": legacy, "target_value": str(target)}
                )
                for kind, mapping in preset.get("value_maps", {}).items()
                for legacy, target in mapping.items()
            ]
            self.create(
                {
                    "name": preset["name"],
                    "code": code,
                    "encoding": preset.get("encoding", "auto"),
                    "date_order": preset.get("date_order", "ymd"),
                    "shelf_life_unit": preset.get("shelf_life_unit", "month"),
                    "column_ids": columns,
                    "value_ids": values,
                }
            )
        return True
