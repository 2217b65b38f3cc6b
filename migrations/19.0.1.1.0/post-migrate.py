"""19.0.1.1.0: partners keep Odoo's own rules, numbers have no gaps.

Databases installed before this version carry two record rules on
res.partner that hid key accounts from employees outside the Key Accounts
groups. They were loaded ``noupdate``, so the upgrade alone would keep them:
delete them here. The contract and project sequences (``noupdate`` too)
become gap-free.

Sent reminders become rows of kam.contract.reminder (they were a
comma-separated string on the contract); strategic industries get tier A as
their minimum tier (they were a flag); tier thresholds follow the company's
currency."""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists

OBSOLETE_RULES = (
    'key_account_management.res_partner_rule_kam_own_team',
    'key_account_management.res_partner_rule_kam_all',
)
GAP_FREE_SEQUENCES = (
    'key_account_management.seq_kam_contract',
    'key_account_management.seq_kam_project',
)


def _access_migrate(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in OBSOLETE_RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.unlink()
    for xmlid in GAP_FREE_SEQUENCES:
        sequence = env.ref(xmlid, raise_if_not_found=False)
        if sequence:
            sequence.implementation = 'no_gap'


def _jobs_migrate(cr):
    if column_exists(cr, 'kam_contract', 'reminder_done'):
        cr.execute("""
            INSERT INTO kam_contract_reminder
                (contract_id, company_id, step, date_due, date_end, date_sent, active,
                 create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, step,
                   CASE WHEN step = 'notice' THEN c.date_end - COALESCE(c.notice_days, 0)
                        ELSE c.date_end - step::int END,
                   c.date_end, c.write_date, TRUE, 1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
              FROM kam_contract c,
                   unnest(string_to_array(c.reminder_done, ',')) AS step
             WHERE COALESCE(c.reminder_done, '') != '' AND step != ''
               AND (step = 'notice' OR step ~ '^[0-9]+$')
        """)
        cr.execute("ALTER TABLE kam_contract DROP COLUMN reminder_done")
    # the tiers' currency is the current company's now, no longer stored
    if column_exists(cr, "kam_tier", "currency_id"):
        cr.execute("ALTER TABLE kam_tier ALTER COLUMN currency_id DROP NOT NULL")
    if column_exists(cr, 'kam_industry', 'is_strategic') and column_exists(cr, 'kam_industry', 'min_tier_id'):
        cr.execute("""
            UPDATE kam_industry i SET min_tier_id = t.id
              FROM kam_tier t
             WHERE t.code = 'A' AND i.is_strategic AND i.min_tier_id IS NULL
        """)


def migrate(cr, version):
    _access_migrate(cr)
    _jobs_migrate(cr)
