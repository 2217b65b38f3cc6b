from odoo import fields, models


class KamContract(models.Model):
    """Contracts signed thanks to a marketing plan count in its results."""
    _inherit = 'kam.contract'

    kam_marketing_plan_id = fields.Many2one(
        'kam.marketing.plan', "Marketing Plan", index='btree_not_null', tracking=True,
        ondelete='set null', check_company=True, groups='base.group_user',
        help="The marketing campaign this contract came from: its value counts in the "
             "campaign's results and return on investment.")
