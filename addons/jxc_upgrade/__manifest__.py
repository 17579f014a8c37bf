# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "JXC Upgrade: Legacy 进销存 Migration",
    "summary": "Import legacy 进销存 exports (管家婆, 金蝶KIS, SOAP) into Odoo and roll "
    "them out warehouse by warehouse",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/jxc-suite/jxc",
    "author": "JXC Suite",
    "maintainers": ["jxc-suite"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": [
        "stock_account",
        "product_expiry",
        "purchase_stock",
        "sale_stock",
    ],
    "external_dependencies": {"python": ["xlrd", "openpyxl", "zeep"]},
    "data": [
        "security/jxc_upgrade_security.xml",
        "security/ir.model.access.csv",
        "security/jxc_rollout_rules.xml",
        "data/jxc_import_data.xml",
        "views/jxc_import_batch_views.xml",
        "views/jxc_import_profile_views.xml",
        "views/jxc_import_run_views.xml",
        "views/legacy_key_views.xml",
        "views/jxc_rollout_views.xml",
        "views/legacy_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/jxc_upgrade_menus.xml",
    ],
}
