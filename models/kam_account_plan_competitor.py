from odoo import api, fields, models
from odoo.exceptions import ValidationError

THREAT_LEVELS = [
    ('low', "Low"),
    ('medium', "Medium"),
    ('high', "High"),
]


class KamAccountPlanCompetitor(models.Model):
    """Step 2 of the plan, competitive analysis: a competitor present at the
    account, its share of the customer's spend and how threatening it is."""
    _name = 'kam.account.plan.competitor'
    _description = "Account Plan Competitor"
    _inherit = ['kam.account.plan.line.mixin']

    competitor_id = fields.Many2one(
        'res.partner', required=True, domain=[('is_company', '=', True)],
        help="The other operator or provider present at the account.")
    share = fields.Float(
        "Share (%)", digits=(5, 1), aggregator='avg',
        help="Its estimated share of the customer's telecom and IT spend, in percent.")
    threat_level = fields.Selection(
        THREAT_LEVELS, "Threat", required=True, default='medium',
        help="How likely the competitor is to take business from us.")
    note = fields.Text(
        "Notes", help="What it offers, whom it talks to, its strengths and weaknesses.")

    @api.constrains('share')
    def _check_share(self):
        if any(not 0 <= line.share <= 100 for line in self):
            raise ValidationError(self.env._("A competitor's share is between 0 and 100 %."))
