"""Sent reminders become rows of kam.contract.reminder (they were a
comma-separated string on the contract); strategic industries get tier A as
their minimum tier (they were a flag); tier thresholds follow the company's
currency."""
from odoo.tools.sql import column_exists


def migrate(cr, version):
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
    cr.execute("ALTER TABLE kam_tier ALTER COLUMN currency_id DROP NOT NULL")
    if column_exists(cr, 'kam_industry', 'is_strategic') and column_exists(cr, 'kam_industry', 'min_tier_id'):
        cr.execute("""
            UPDATE kam_industry i SET min_tier_id = t.id
              FROM kam_tier t
             WHERE t.code = 'A' AND i.is_strategic AND i.min_tier_id IS NULL
        """)
