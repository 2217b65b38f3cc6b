from odoo import fields, models


class KamAccountPlanLineMixin(models.AbstractModel):
    """Lines of an account plan (competitors, needs, solution, actions,
    stakeholders): they belong to one plan, keep its account and company on
    their own row for the record rules, and are ordered by hand."""
    _name = 'kam.account.plan.line.mixin'
    _description = "Account Plan Line Mixin"
    _inherit = ['kam.account.access.mixin']
    _order = 'plan_id, sequence, id'

    plan_id = fields.Many2one(
        'kam.account.plan', "Account Plan", required=True, index=True, ondelete='cascade',
        help="The account plan this line belongs to.")
    sequence = fields.Integer(default=10, help="Order of the line in the plan.")
    partner_id = fields.Many2one(
        related='plan_id.partner_id', store=True, index=True,
        help="The account of the plan; its manager and team work on the line.")
    company_id = fields.Many2one(
        related='plan_id.company_id', store=True, index=True, help="Company of the plan.")
