from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamAccountPlanSolution(models.Model):
    """Step 4 of the plan, the customised solution: a product or service we
    propose, how many and the monthly revenue we expect from it."""
    _name = 'kam.account.plan.solution'
    _description = "Account Plan Solution"
    _inherit = ['kam.account.plan.line.mixin']

    product_id = fields.Many2one(
        'product.product', "Product or Service", required=True,
        help="The product or service proposed to the customer.")
    name = fields.Char(
        "Description", help="How the product answers the customer's needs.")
    quantity = fields.Float(
        default=1.0, digits='Product Unit',
        help="How many lines, licences or sites are proposed.")
    currency_id = fields.Many2one(related='plan_id.currency_id', help="Currency of the plan.")
    monthly_revenue = fields.Monetary(
        "Expected Monthly Revenue", currency_field='currency_id',
        help="Monthly revenue expected once the customer takes the solution.")

    @api.constrains('quantity', 'monthly_revenue')
    def _check_amounts(self):
        if any(line.quantity < 0 or line.monthly_revenue < 0 for line in self):
            raise ValidationError(self.env._(
                "Quantities and revenues of a proposed solution cannot be negative."))
