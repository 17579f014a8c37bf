"""Command line of the JXC suite.

Every command runs Odoo in-process (as ``odoo shell`` does), so that a command is
one transaction-aware Python call and not a round trip through XML-RPC.
"""
