from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_input import check_input


class KamContractLine(models.Model):
    """A service sold under a contract. It keeps the contract's account (and
    through kam.account.rule.mixin its manager, team and region) and the
    contract's status on its own row: its record rules are the contract's,
    on the line's own stored, indexed columns."""
    _name = 'kam.contract.line'
    _description = "Contract Service Line"
    _inherit = ['kam.account.rule.mixin']
    _order = 'contract_id, sequence, id'
    _kam_account_moving_fields = ('contract_id',)

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    contract_id = fields.Many2one(
        'kam.contract', required=True, index=True, ondelete='cascade',
        help="Contract the service is sold under.")
    sequence = fields.Integer(default=10, help="Order of the line on the contract and its PDF.")
    company_id = fields.Many2one(
        related='contract_id.company_id', store=True, index=True,
        help="Company of the contract.")
    currency_id = fields.Many2one(
        related='contract_id.currency_id',
        help="Currency of the contract.")
    partner_id = fields.Many2one(
        related='contract_id.partner_id', store=True, index=True, string="Account",
        bypass_search_access=True,  # the portal rule's group subquery
        help="The contract's account: who reads the contract reads its services.")
    contract_state = fields.Selection(
        related='contract_id.state', store=True, index=True, string="Contract Status",
        help="Status of the contract; the customer's portal users read the services of "
             "contracts past the draft.")
    product_id = fields.Many2one(
        'product.product', "Service", check_company=True,
        domain=[('type', '=', 'service')],
        help="Service product (type service) sold; its name becomes the description.")
    name = fields.Char(
        "Description", compute='_compute_name', store=True, readonly=False, required=True,
        precompute=True,
        help="What is provided, as printed on the contract; the service's name by default.")
    quantity = fields.Integer(
        "Lines / Handsets", default=1,
        help="Number of lines, handsets or circuits billed.")
    monthly_fee = fields.Monetary(help="Per line or handset, per month.")
    subtotal = fields.Monetary(
        "Monthly Subtotal", compute='_compute_subtotal', store=True,
        help="Quantity times the monthly fee, in the contract's currency.")
    date_start = fields.Date(
        "Start",
        help="First day this service runs; a renewal moves it to the new period.")
    date_end = fields.Date(
        "End",
        help="Last day this service runs; a renewal moves it to the new period.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('product_id')
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.display_name

    @api.depends('quantity', 'monthly_fee')
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.monthly_fee

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains('quantity', 'monthly_fee', 'date_start', 'date_end')
    def _check_line(self):
        for line in self:
            if line.quantity < 0 or line.monthly_fee < 0:
                raise ValidationError(self.env._(
                    "Quantity and monthly fee of “%s” cannot be negative.", line.name))
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(self.env._(
                    "The service “%s” ends before it starts.", line.name))

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        return super().write(vals)
