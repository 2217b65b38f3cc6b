from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input import check_input


class KamTariffApplicationLine(models.Model):
    """A service of a tariff application: a product of the key-account
    service catalogue, how many, its monthly list price and the proposed
    one. It keeps its application's account (kam.account.rule.mixin), so
    its record rules are the application's on its own columns, and is
    changed only while the application is a draft."""
    _name = 'kam.tariff.application.line'
    _description = "Tariff Application Service"
    _inherit = ['kam.account.rule.mixin']
    _order = 'application_id, sequence, id'
    _kam_account_moving_fields = ('application_id',)

    application_id = fields.Many2one(
        'kam.tariff.application', required=True, index=True, ondelete='cascade',
        help="The application asking for this price.")
    sequence = fields.Integer(default=10, help="Order of the services on the application.")
    company_id = fields.Many2one(
        related='application_id.company_id', store=True, index=True,
        help="Company of the application.")
    currency_id = fields.Many2one(
        related='application_id.currency_id', help="Currency of the application.")
    partner_id = fields.Many2one(
        related='application_id.partner_id', store=True, index=True, string="Account",
        bypass_search_access=True,  # the portal rule's group subquery
        help="The application's account: who reads the application reads its services.")
    application_state = fields.Selection(
        related='application_id.state', store=True, index=True, string="Application Status",
        help="Status of the application: its services change only while it is a draft.")
    product_id = fields.Many2one(
        'product.product', "Service", required=True, check_company=True,
        domain=[('kam_is_service', '=', True)],
        help="A service of the key-account service catalogue.")
    quantity = fields.Integer(
        "Lines / Handsets", default=1, required=True,
        help="Number of lines, handsets or circuits the price is for.")
    list_price = fields.Monetary(
        compute='_compute_prices', store=True, readonly=False, precompute=True,
        help="The service's monthly list price per line; its catalogue price by default.")
    proposed_price = fields.Monetary(
        compute='_compute_prices', store=True, readonly=False,
        precompute=True,
        help="The monthly price per line asked for: at most the list price, not below zero.")
    cost_price = fields.Monetary(
        "Cost", compute='_compute_prices', store=True, readonly=False, precompute=True,
        help="What the service costs us per line and month (the product's cost by default); "
             "the margin is counted from it.")
    discount = fields.Float(
        "Discount (%)", compute='_compute_discount', digits=(5, 1),
        help="How far the proposed price is below the list price.")
    subtotal = fields.Monetary(
        "Monthly Subtotal", compute='_compute_discount',
        help="Quantity times the proposed price.")

    @api.depends('product_id')
    def _compute_prices(self):
        for line in self:
            product = line.product_id
            if not product:
                continue
            line.list_price = product.lst_price
            line.cost_price = product.sudo().standard_price
            if not line.proposed_price:
                line.proposed_price = product.lst_price

    @api.depends('list_price', 'proposed_price', 'quantity')
    def _compute_discount(self):
        for line in self:
            line.discount = (100.0 * (line.list_price - line.proposed_price) / line.list_price
                             if line.list_price else 0.0)
            line.subtotal = line.quantity * line.proposed_price

    @api.constrains('quantity', 'list_price', 'proposed_price', 'cost_price', 'product_id')
    def _check_prices(self):
        for line in self:
            name = line.product_id.sudo().display_name
            if line.quantity <= 0:
                raise ValidationError(self.env._(
                    "The quantity of “%s” must be at least one.", name))
            if line.list_price < 0 or line.cost_price < 0:
                raise ValidationError(self.env._(
                    "The list price and cost of “%s” cannot be negative.", name))
            if line.proposed_price < 0:
                raise ValidationError(self.env._(
                    "The discount on “%s” cannot be over 100 %%: the proposed price cannot "
                    "be negative.", name))
            if line.proposed_price > line.list_price:
                raise ValidationError(self.env._(
                    "The proposed price of “%s” cannot be above its list price.", name))
            if not line.product_id.sudo().kam_is_service:
                raise ValidationError(self.env._(
                    "Only services of the key-account catalogue can be applied for."))

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        lines = super().create(vals_list)
        lines._kam_check_draft()
        return lines

    def write(self, vals):
        check_input(self, [vals])
        self._kam_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_in_draft(self):
        self._kam_check_draft()

    def _kam_check_draft(self):
        if not self.env.su and self.filtered(lambda line: line.application_state != 'draft'):
            raise UserError(self.env._(
                "The services of a submitted application cannot be changed: reset it to "
                "draft first."))

    def _kam_contract_line_values(self):
        self.ensure_one()
        application = self.application_id
        return {
            'product_id': self.product_id.id,
            'name': self.product_id.display_name,
            'quantity': self.quantity,
            'monthly_fee': self.proposed_price,
            'date_start': application.date_start,
            'date_end': application.date_end,
        }
