from odoo import fields, models

from .res_partner_decision_map import ATTITUDES, BUYING_ROLES


class KamAccountPlanStakeholder(models.Model):
    """A person of the customer's decision map as the plan saw it when it
    was approved: the values are copied, so that the plan keeps them when
    the map changes later."""
    _name = 'kam.account.plan.stakeholder'
    _description = "Account Plan Stakeholder"
    _inherit = ['kam.account.plan.line.mixin']

    contact_id = fields.Many2one(
        'res.partner', ondelete='set null',
        help="The contact in the decision map.")
    name = fields.Char(required=True, help="The contact's name at approval.")
    function = fields.Char("Job Position", help="The contact's position at approval.")
    role = fields.Selection(BUYING_ROLES, "Buying Role", help="Buying role at approval.")
    attitude = fields.Selection(ATTITUDES, help="Attitude towards us at approval.")
    influence = fields.Integer(help="Influence from 1 to 5 at approval.")
