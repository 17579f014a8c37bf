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
    "data": [
        "views/jxc_reconcile_menus.xml",
    ],
}
