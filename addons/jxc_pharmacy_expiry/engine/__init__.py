"""Plain-Python engines of jxc_pharmacy_expiry: no Odoo import, unit-tested with pytest."""
