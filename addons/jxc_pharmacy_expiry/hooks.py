def post_init_hook(env):
    """Give every existing warehouse its quarantine location and every company the
    default near-expiry thresholds (180 / 90 / 30 days), and every lot its state."""
    env["stock.warehouse"].search([])._gsp_ensure_quarantine_location()
    env["res.company"].search([])._gsp_ensure_default_thresholds()
    # The states of the lots that already exist (no alert for them: not transitions).
    env["stock.lot"]._gsp_scan_expiry(notify=False)
