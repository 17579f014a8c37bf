# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "JXC Reconcile: Prove the Migration",
    "summary": "Reconcile legacy 进销存 figures against Odoo and gate each warehouse go-live",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/jxc-suite/jxc",
    "author": "JXC Suite",
    "maintainers": ["jxc-suite"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["jxc_upgrade"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/jxc_reconcile_rules.xml",
        "data/jxc_reconcile_data.xml",
        "report/jxc_reconcile_run_report.xml",
        "views/jxc_reconcile_run_views.xml",
        "views/jxc_reconcile_difference_views.xml",
        "views/jxc_reconcile_launch_views.xml",
        "views/jxc_reconcile_menus.xml",
    ],
}
