from odoo import fields, models

from .res_partner_health import HEALTH_BANDS


class KamHealthHistory(models.Model):
    """The relationship curve: one row per account and month with the health
    score and the figures the trend factors compare (revenue, handsets,
    members, tier). The daily health job keeps the current month's row up to
    date; past months stay as they were."""
    _name = 'kam.health.history'
    _description = "Account Health History"
    _order = 'month desc, partner_id'
    _rec_name = 'month'

    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, ondelete='cascade',
        help="The key account.")
    month = fields.Date(required=True, help="First day of the month.")
    score = fields.Integer("Health Score", aggregator='avg', help="Score at the month's last run.")
    band = fields.Selection(HEALTH_BANDS, "Health", help="Band of that score.")
    tier_id = fields.Many2one('kam.tier', help="The account's tier that month.")
    tier_sequence = fields.Integer(
        "Tier Rank", help="Rank of that tier (lower is higher), to see a tier drop.")
    currency_id = fields.Many2one('res.currency', help="Currency of the revenue.")
    monthly_revenue = fields.Monetary(
        currency_field='currency_id', help="The account's monthly revenue.")
    handset_count = fields.Integer("Handsets / Lines", help="The account's handsets and lines.")
    member_count = fields.Integer(
        "Group Members", aggregator='sum', help="Active members of the account and below.")
    company_id = fields.Many2one(
        related='partner_id.company_id', store=True, index='btree_not_null',
        help="Company of the account.")

    _partner_month_uniq = models.Constraint(
        'UNIQUE(partner_id, month)', "An account has one health row per month.")
