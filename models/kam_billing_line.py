from odoo import api, fields, models
from odoo.tools import SQL

PAY_TYPES = [('group', "Group-paid"), ('member', "Member-paid")]


class KamBillingLine(models.Model):
    """What the billing system billed one customer for one service line in
    one month: revenue, cost of service and usage. People read them; only
    the billing file, the JSON-2 upsert (``kam_billing_upsert``, see
    kam.billing.loader) and the integration group write them.

    The table is the largest of the app (a province bills some 800,000
    rows a month): it keeps only what the screens read, one unique index
    on (customer, month, service) that also serves every search by
    customer and month, and the account columns of its record rules
    (kam.account.rule.mixin)."""
    _name = 'kam.billing.line'
    _description = "Billing Line"
    _inherit = ['kam.account.rule.mixin']
    _order = 'month desc, partner_id, service_id'
    _rec_name = 'service_id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    partner_id = fields.Many2one(
        'res.partner', "Billing Customer", required=True, ondelete='restrict',
        help="The customer billed, found by its external reference.")
    month = fields.Date(
        required=True, help="The billing month (its first day).")
    service_id = fields.Many2one(
        'kam.billing.service', "Service Line", required=True, ondelete='restrict',
        help="The service line billed.")
    company_id = fields.Many2one(
        'res.company', required=True, default=lambda self: self.env.company,
        help="The company whose billing system sent the line.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the amounts.")
    revenue = fields.Monetary(help="Billed revenue of the month, before tax.")
    cost = fields.Monetary("Cost of Service", help="Cost of providing the service in the month.")
    line_count = fields.Integer("Lines", help="Lines, circuits or cards billed in the month.")
    minutes = fields.Integer(help="Voice minutes used in the month.")
    data_gb = fields.Float("Data (GB)", digits=(16, 2), help="Data used in the month, in GB.")
    pay_type = fields.Selection(
        PAY_TYPES, default='group', required=True,
        help="Group-paid (集团统付): the group pays the bill; member-paid (个人付费): "
             "its members pay their own lines.")
    bundled = fields.Boolean(
        help="Sold in a bundle with other services of the group (集团客户捆绑).")
    is_ict = fields.Boolean(related='service_id.is_ict', help="The service line counts as ICT.")

    _partner_month_service_uniq = models.Constraint(
        'UNIQUE(partner_id, month, service_id)',
        "A customer has one billing line per month and service line.")
    _amounts_positive = models.Constraint(
        'CHECK(revenue >= 0 AND cost >= 0 AND line_count >= 0 AND minutes >= 0 AND data_gb >= 0)',
        "Billed amounts and quantities cannot be negative.")
    _month_first_day = models.Constraint(
        "CHECK(EXTRACT(DAY FROM month) = 1)", "A billing month is given by its first day.")

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    @api.model
    def kam_billing_upsert(self, rows):
        """JSON-2: load billing lines as the monthly file does (the same
        columns as keys, see docs/integrators.md). All rows or none; returns
        ``{"created": n, "updated": n, "unchanged": n, "deleted": n}``."""
        return self.env['kam.billing.loader']._kam_load('line', rows, numbering='row')

    # ------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------

    @api.model
    def _kam_demo_generate(self, falling_id, arrears_id):
        """Demo: 24 months of billing by service for every key account with
        a typed revenue, around that revenue (ICT growing, voice slowly
        easing), the voice of ``falling_id`` falling over the last six
        months, and six months of arrears statements, ``arrears_id`` paying
        less and less. Two statements, whatever the number of accounts."""
        uid, now, company = self.env.uid, self.env.cr.now(), self.env.company.id
        self.env.flush_all()
        self.env.execute_query(SQL(
            """WITH services(code, share, cost_ratio) AS (VALUES
                    ('VOICE', 0.30, 0.35), ('DATA', 0.25, 0.30), ('BB', 0.10, 0.45),
                    ('LL', 0.12, 0.40), ('ICT', 0.16, 0.65), ('IOT', 0.04, 0.50),
                    ('SMS', 0.03, 0.20)),
               rows AS (
                 SELECT p.id AS partner_id, p.kam_manager_id, p.kam_region_id, s.id AS service_id,
                        svc.code, svc.cost_ratio, m,
                        (date_trunc('month', %(now)s::timestamp) - make_interval(months => m))::date AS month,
                        GREATEST(COALESCE(p.kam_handset_count, 0), 5) AS handsets,
                        p.kam_monthly_revenue * svc.share * (1 + 0.04 * sin(p.id + m))
                          * CASE svc.code WHEN 'ICT' THEN 0.75 + 0.02 * (24 - m)
                                          WHEN 'VOICE' THEN 1.06 - 0.005 * (24 - m)
                                          ELSE 1 END
                          * CASE WHEN svc.code = 'VOICE' AND p.id = %(falling)s AND m <= 6
                                 THEN 0.35 + 0.1 * m ELSE 1 END AS revenue
                   FROM res_partner p
                   CROSS JOIN services svc
                   JOIN kam_billing_service s ON s.code = svc.code
                   CROSS JOIN generate_series(1, 24) AS m
                  WHERE p.kam_is_key_account AND p.is_company AND p.active
                    AND p.kam_monthly_revenue > 0
                    AND NOT (svc.code = 'ICT' AND p.id %% 3 = 0 AND p.id != %(falling)s)
                    AND NOT (svc.code = 'IOT' AND p.id %% 2 = 0)
                    AND NOT (svc.code = 'LL' AND p.kam_monthly_revenue < 10000))
               INSERT INTO kam_billing_line
                      (partner_id, month, service_id, company_id, revenue, cost, line_count, minutes,
                       data_gb, pay_type, bundled, kam_account_id, kam_account_manager_id,
                       kam_account_region_id, create_uid, create_date, write_uid, write_date)
               SELECT partner_id, month, service_id, %(company)s, round(revenue::numeric, 2),
                      round((revenue * cost_ratio)::numeric, 2),
                      CASE code WHEN 'VOICE' THEN round(handsets * CASE WHEN revenue > 0 AND partner_id = %(falling)s AND m <= 6 THEN 0.5 + 0.08 * m ELSE 1 END)
                                WHEN 'DATA' THEN handsets WHEN 'BB' THEN 1 + partner_id %% 5
                                WHEN 'LL' THEN 1 + partner_id %% 3 WHEN 'ICT' THEN 1
                                WHEN 'IOT' THEN 50 + partner_id %% 200 ELSE 0 END,
                      CASE code WHEN 'VOICE' THEN round(revenue * 2.5) ELSE 0 END,
                      CASE code WHEN 'DATA' THEN round((handsets * 12.5)::numeric, 2) ELSE 0 END,
                      CASE WHEN code = 'DATA' AND partner_id %% 4 = 0 THEN 'member' ELSE 'group' END,
                      code IN ('VOICE', 'DATA', 'BB') AND (partner_id %% 2 = 1 OR partner_id = %(falling)s),
                      partner_id, kam_manager_id, kam_region_id, %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM rows
               ON CONFLICT (partner_id, month, service_id) DO NOTHING""",
            now=now, falling=falling_id, company=company, uid=uid))
        self.env.execute_query(SQL(
            """WITH months AS (
                 SELECT l.partner_id, l.month, l.kam_account_id, l.kam_account_manager_id,
                        l.kam_account_region_id, sum(l.revenue) AS billed,
                        (12 * (extract(year FROM %(now)s::timestamp) - extract(year FROM l.month))
                         + extract(month FROM %(now)s::timestamp) - extract(month FROM l.month))::int AS back
                   FROM kam_billing_line l
                  WHERE l.month >= (date_trunc('month', %(now)s::timestamp) - interval '3 months')::date
               GROUP BY l.partner_id, l.month, l.kam_account_id, l.kam_account_manager_id,
                        l.kam_account_region_id)
               INSERT INTO kam_billing_arrears
                      (partner_id, month, company_id, billed, paid, overdue_amount, days_overdue,
                       kam_account_id, kam_account_manager_id, kam_account_region_id,
                       create_uid, create_date, write_uid, write_date)
               SELECT partner_id, month, %(company)s, billed,
                      CASE WHEN partner_id = %(arrears)s THEN round(billed * (0.25 + 0.15 * back), 2)
                           ELSE billed END,
                      CASE WHEN partner_id = %(arrears)s THEN round(billed * (2.4 - 0.4 * back), 2)
                           ELSE 0 END,
                      CASE WHEN partner_id = %(arrears)s THEN 125 - 30 * back ELSE 0 END,
                      kam_account_id, kam_account_manager_id, kam_account_region_id,
                      %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM months
               ON CONFLICT (partner_id, month) DO NOTHING""",
            now=now, arrears=arrears_id, company=company, uid=uid))
        self.invalidate_model()
        self.env['kam.billing.arrears'].invalidate_model()
        Partner = self.env['res.partner'].sudo()
        Partner._kam_arrears_refresh()
        flagged = Partner.search([('kam_arrears_flag', '=', True),
                                  ('kam_arrears_notified', '=', False)])
        flagged._kam_arrears_notify()
        return True
