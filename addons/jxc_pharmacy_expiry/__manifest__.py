# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "JXC Pharmacy Expiry: GSP Batch and Expiry Control",
    "summary": "Multi-level near-expiry alerts, automatic lock of expired lots, "
    "quarantine, FEFO warnings and expiry-loss reports",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/jxc-suite/jxc",
    "author": "JXC Suite",
    "maintainers": ["jxc-suite"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["product_expiry"],
    "data": [
        "security/jxc_pharmacy_expiry_security.xml",
        "views/jxc_pharmacy_expiry_menus.xml",
    ],
}
