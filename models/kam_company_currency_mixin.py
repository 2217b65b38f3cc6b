from odoo import fields, models


class KamCompanyCurrencyMixin(models.AbstractModel):
    """Documents of an account kept by one of the operator's companies, with
    amounts in a currency (retention cases, competitor offers)."""
    _name = 'kam.company.currency.mixin'
    _description = "Key Account Company and Currency Mixin"

    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator serving the account.")
    currency_id = fields.Many2one(
        'res.currency', required=True,
        default=lambda self: self.env.company.currency_id,
        help="Currency of the amounts; the company's by default.")
