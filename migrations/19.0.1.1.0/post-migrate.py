"""19.0.1.1.0: partners keep Odoo's own rules, numbers have no gaps.

Databases installed before this version carry two record rules on
res.partner that hid key accounts from employees outside the Key Accounts
groups. They were loaded ``noupdate``, so the upgrade alone would keep them:
delete them here. The contract and project sequences (``noupdate`` too)
become gap-free."""
from odoo import SUPERUSER_ID, api

OBSOLETE_RULES = (
    'key_account_management.res_partner_rule_kam_own_team',
    'key_account_management.res_partner_rule_kam_all',
)
GAP_FREE_SEQUENCES = (
    'key_account_management.seq_kam_contract',
    'key_account_management.seq_kam_project',
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in OBSOLETE_RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.unlink()
    for xmlid in GAP_FREE_SEQUENCES:
        sequence = env.ref(xmlid, raise_if_not_found=False)
        if sequence:
            sequence.implementation = 'no_gap'
