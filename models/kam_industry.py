from odoo import api, fields, models


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
    code = fields.Char(help="Short unique code, used in imports and reports.")
    sequence = fields.Integer(default=10, help="Order in lists and selections.")
    active = fields.Boolean(default=True, help="Archived industries can no longer be chosen.")
    min_tier_id = fields.Many2one(
        'kam.tier', "Minimum Tier", index='btree_not_null', ondelete='set null',
        help="Accounts of this industry get at least this tier, whatever their size "
             "(China Mobile's grading: A for party, government and military, media and the key "
             "industries; B for securities and insurance). Empty: size and spend decide.")
    industry_id = fields.Many2one(
        'res.partner.industry', "Standard Industry", ondelete='set null',
        help="Odoo's industry of the same trade: an account given this industry gets it too, "
             "so that CRM, sales and reports outside key accounts see one industry.")
    is_strategic = fields.Boolean(
        "Strategic Industry", compute='_compute_is_strategic', store=True,
        help="The industry has a minimum tier: its accounts are graded at least that high.")
    description = fields.Text(translate=True, help="What the industry covers.")
    color = fields.Integer(help="Colour of the industry's tag.")

    _code_uniq = models.Constraint('UNIQUE(code)', "An industry code must be unique.")

    @api.depends('min_tier_id')
    def _compute_is_strategic(self):
        for industry in self:
            industry.is_strategic = bool(industry.min_tier_id)
