from odoo import fields, models, tools
from odoo.tools import SQL

from .res_partner import KAM_USER


class KamAgentResult(models.Model):
    """What the agent channels bring, per agent and month (代理渠道业绩): a
    read-only SQL view with one row per key account an agent serves (dated
    by the month the account became our customer) and one per contract
    signed by a served account (dated by its signing month), so that the
    pivot sums accounts served, accounts brought, contracts and their value
    and the monthly revenue of the served accounts in one query."""
    _name = 'kam.agent.result'
    _description = "Agent Result"
    _auto = False
    _order = 'date desc, agent_id'
    _rec_name = 'agent_id'

    agent_id = fields.Many2one('res.partner', readonly=True,
        help="The agent company serving the account.")
    partner_id = fields.Many2one('res.partner', "Account", readonly=True,
        help="The key account the agent serves.")
    date = fields.Date(
        "Month", readonly=True,
        help="Account rows: the month the account became our customer; contract rows: the "
             "month the contract was signed.")
    company_id = fields.Many2one('res.company', readonly=True,
        help="Company of the account.")
    currency_id = fields.Many2one('res.currency', readonly=True,
        help="Currency of the amounts.")
    origin = fields.Selection([
        ('brought', "Brought by the Agent"),
        ('served', "Served Only"),
    ], "Agent's Role", readonly=True,
        help="Whether the agent brought the account to us or only serves it.")
    account_count = fields.Integer("Accounts Served", readonly=True, aggregator='sum',
        help="Key accounts the agent serves, counted in the month they became customers.")
    brought_count = fields.Integer("New Accounts Brought", readonly=True, aggregator='sum',
        help="Of them, the accounts the agent brought.")
    contract_count = fields.Integer("Contracts Signed", readonly=True, aggregator='sum',
        help="Contracts of the served accounts signed in the month (drafts left out).")
    contract_amount = fields.Monetary("Contract Value", readonly=True, aggregator='sum',
        help="Value of those contracts.")
    revenue = fields.Monetary(
        "Monthly Revenue", readonly=True, aggregator='sum', groups=KAM_USER,
        help="Monthly revenue of the served accounts (on their account rows).")

    def _query(self):
        return SQL("""
            SELECT p.id * 2 + 1 AS id,
                   p.kam_agent_id AS agent_id,
                   p.id AS partner_id,
                   date_trunc('month', COALESCE(p.kam_customer_since, p.create_date::date))::date AS date,
                   p.company_id AS company_id,
                   COALESCE(company.currency_id, main.currency_id) AS currency_id,
                   p.kam_agent_origin AS origin,
                   1 AS account_count,
                   CASE WHEN p.kam_agent_origin = 'brought' THEN 1 ELSE 0 END AS brought_count,
                   0 AS contract_count,
                   0.0 AS contract_amount,
                   COALESCE(p.kam_monthly_revenue, 0.0) AS revenue
              FROM res_partner p
              LEFT JOIN res_company company ON company.id = p.company_id
              CROSS JOIN (SELECT currency_id FROM res_company ORDER BY id LIMIT 1) main
             WHERE p.kam_agent_id IS NOT NULL AND p.kam_is_key_account AND p.active
            UNION ALL
            SELECT c.id * 2 AS id,
                   p.kam_agent_id AS agent_id,
                   p.id AS partner_id,
                   date_trunc('month', COALESCE(c.signing_date, c.date_start))::date AS date,
                   c.company_id AS company_id,
                   c.currency_id AS currency_id,
                   p.kam_agent_origin AS origin,
                   0 AS account_count,
                   0 AS brought_count,
                   1 AS contract_count,
                   COALESCE(c.counted_amount, 0.0) AS contract_amount,
                   0.0 AS revenue
              FROM kam_contract c
              JOIN res_partner p ON p.id = c.partner_id
             WHERE p.kam_agent_id IS NOT NULL AND c.active AND c.state != 'draft'
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)",
                                SQL.identifier(self._table), self._query()))
