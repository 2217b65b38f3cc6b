from odoo import fields, models

PRIORITIES = [
    ('0', "Low"),
    ('1', "Medium"),
    ('2', "High"),
]


class KamAccountPlanNeed(models.Model):
    """Step 3 of the plan, the customer's own needs: what a business unit
    of the customer needs, how urgent it is and who told us."""
    _name = 'kam.account.plan.need'
    _description = "Account Plan Need"
    _inherit = ['kam.account.plan.line.mixin']

    business_unit = fields.Char(
        help="The customer's department or subsidiary that has the need.")
    name = fields.Char(
        "Need", required=True, help="What the customer needs, in its own words.")
    priority = fields.Selection(
        PRIORITIES, required=True, default='1',
        help="How much the need matters to the customer.")
    contact_id = fields.Many2one(
        'res.partner', "Source Contact",
        domain="[('is_company', '=', False), ('kam_buying_role', '!=', False), "
               "('commercial_partner_id', '=', partner_id)]",
        help="The contact of the account's decision map who expressed the need.")
