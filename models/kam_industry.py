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

    name = fields.Char(
        "Industry", required=True, translate=True,
        help="Name of the industry shown to users.")
    code = fields.Char("Code", help="Short unique code, used in imports and reports.")
    sequence = fields.Integer(default=10, help="Order in lists and selections.")
    active = fields.Boolean(default=True, help="Archived industries can no longer be chosen.")
    is_strategic = fields.Boolean(
        "Strategic Industry",
        help="Party, government, military, media, finance…: accounts of a strategic "
             "industry qualify for the tiers that let strategic industries in.")
    description = fields.Text(translate=True, help="What the industry covers.")
    color = fields.Integer(help="Colour of the industry's tag.")

    _code_uniq = models.Constraint('UNIQUE(code)', "An industry code must be unique.")
