from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamContractLine(models.Model):
    _name = 'kam.contract.line'
    _description = "Contract Service Line"
    _order = 'contract_id, sequence, id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    contract_id = fields.Many2one(
        'kam.contract', "Contract", required=True, index=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related='contract_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='contract_id.currency_id')
    product_id = fields.Many2one(
        'product.product', "Service", check_company=True,
        domain=[('type', '=', 'service')])
    name = fields.Char(
        "Description", compute='_compute_name', store=True, readonly=False, required=True,
        precompute=True)
    quantity = fields.Integer("Lines / Handsets", default=1)
    monthly_fee = fields.Monetary("Monthly Fee", help="Per line or handset, per month.")
    subtotal = fields.Monetary("Monthly Subtotal", compute='_compute_subtotal', store=True)
    date_start = fields.Date("Start")
    date_end = fields.Date("End")

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
    # Constraints
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
