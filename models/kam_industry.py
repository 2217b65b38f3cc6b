from odoo import fields, models


class KamIndustry(models.Model):
    _name = 'kam.industry'
    _description = "Key Account Industry"
    _inherit = ['kam.account.count.mixin']
    _order = 'sequence, name'
    _kam_partner_field = 'kam_industry_id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Industry", required=True, translate=True)
    code = fields.Char("Code")
    industry_id = fields.Many2one(
        'res.partner.industry', "Standard Industry", ondelete='set null',
        help="Odoo's industry of the same trade: an account given this industry gets it too, "
             "so that CRM, sales and reports outside key accounts see one industry.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_strategic = fields.Boolean(
        "Strategic Industry",
        help="Party, government, military, media, finance…: accounts of a strategic "
             "industry qualify for the tiers that let strategic industries in.")
    description = fields.Text(translate=True)
    color = fields.Integer()

    _code_uniq = models.Constraint('UNIQUE(code)', "An industry code must be unique.")
