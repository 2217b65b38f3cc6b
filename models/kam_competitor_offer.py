from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamCompetitorOffer(models.Model):
    """An offer another operator made to one of our key accounts (竞争对手
    报价): who, what, at what price against ours, how it was learned and how
    threatening it is. A valid offer lowers the account's health."""
    _name = 'kam.competitor.offer'
    _description = "Competitor Offer"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.access.mixin',
                'kam.company.currency.mixin']
    _order = 'date desc, id desc'
    _check_company_auto = True

    name = fields.Char(
        "Offer", required=True, tracking=True,
        help="The offer in a few words (\"5G private network at 30 % less\").")
    active = fields.Boolean(default=True, help="Archived offers leave the lists.")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        help="Our key account the competitor approached.")
    competitor_id = fields.Many2one(
        'res.partner', required=True, tracking=True,
        domain=[('is_company', '=', True)],
        help="The other operator or provider that made the offer.")
    date = fields.Date(
        "Learned On", required=True, default=fields.Date.context_today, tracking=True,
        help="When we learned of the offer; the health factor looks back from today.")
    valid_until = fields.Date(
        tracking=True,
        help="Until when the competitor's offer stands; an expired offer no longer lowers the "
             "health.")
    source = fields.Selection([
        ('customer', "Told by the Customer"),
        ('manager', "Account Manager's Finding"),
        ('tender', "Public Tender"),
        ('market', "Market Intelligence"),
    ], required=True, default='customer', help="How we learned of the offer.")
    threat_level = fields.Selection([
        ('low', "Low"),
        ('medium', "Medium"),
        ('high', "High"),
    ], "Threat", required=True, default='medium', tracking=True,
        help="How likely the customer is to move: high takes the factor's full weight off the "
             "health, medium 60 %, low 30 %.")
    services = fields.Text(
        "Services Offered", help="The services and terms the competitor offers.")
    monthly_price = fields.Monetary(
        "Their Monthly Price", tracking=True, help="What the competitor asks per month.")
    our_monthly_price = fields.Monetary(
        help="What the account pays us per month for the same services.")
    price_gap = fields.Float(
        "Price Gap (%)", compute='_compute_price_gap', store=True, digits=(5, 1),
        help="How much cheaper (positive) or dearer (negative) the competitor is than us.")
    retention_case_ids = fields.One2many(
        'kam.retention.case', 'competitor_offer_id', "Retention Cases",
        help="Retention cases that answer this offer.")
    note = fields.Html("Notes", help="What else we know: contacts involved, deadlines, rumours.")

    @api.depends('monthly_price', 'our_monthly_price')
    def _compute_price_gap(self):
        for offer in self:
            offer.price_gap = (100.0 * (offer.our_monthly_price - offer.monthly_price)
                               / offer.our_monthly_price if offer.our_monthly_price else 0.0)

    @api.constrains('monthly_price', 'our_monthly_price', 'date', 'valid_until', 'competitor_id',
                    'partner_id')
    def _check_offer(self):
        for offer in self:
            if offer.monthly_price < 0 or offer.our_monthly_price < 0:
                raise ValidationError(self.env._("Prices of a competitor offer cannot be negative."))
            if offer.valid_until and offer.valid_until < offer.date:
                raise ValidationError(self.env._(
                    "A competitor offer cannot expire before we learned of it."))
            if offer.competitor_id and offer.competitor_id == offer.partner_id:
                raise ValidationError(self.env._("The account cannot be its own competitor."))
            if not offer.partner_id.sudo().kam_is_key_account:
                raise ValidationError(self.env._("Competitor offers are logged on key accounts."))
