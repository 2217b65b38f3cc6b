from odoo import fields, models


class KamAgentStatementLine(models.Model):
    """One fee of a statement: the sales fee on an account the agent
    brought (its revenue × the rate) or the service fee for the work orders
    of an account done within their service level (their number × the fee)."""
    _name = 'kam.agent.statement.line'
    _description = "Agent Fee Line"
    _order = 'statement_id, kind, id'

    statement_id = fields.Many2one('kam.agent.statement', required=True, index=True,
                                   ondelete='cascade', help="The statement of the month.")
    agent_id = fields.Many2one(related='statement_id.agent_id', store=True, index=True,
                               help="The agent paid.")
    company_id = fields.Many2one(related='statement_id.company_id', store=True, index=True,
                                 help="Company of the statement.")
    currency_id = fields.Many2one(related='statement_id.currency_id', help="Currency of the fee.")
    kind = fields.Selection([('sales', "Sales Fee"), ('service', "Service Fee")], required=True,
                            help="Sales fee on the revenue of an account brought, or service fee "
                                 "for work orders served within their service level.")
    partner_id = fields.Many2one('res.partner', "Account", required=True, index=True,
                                 help="The key account the fee is earned on.")
    base_amount = fields.Monetary("Revenue", help="Sales fee: the account's revenue of the month.")
    quantity = fields.Integer("Work Orders within SLA",
                              help="Service fee: the account's work orders done in the month "
                                   "within their service level.")
    rate = fields.Float("Rate / Fee", digits=(12, 2),
                        help="The sales fee in percent, or the service fee per work order.")
    amount = fields.Monetary("Fee", help="What the line pays.")
