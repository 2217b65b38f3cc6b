from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamIncentiveBand(models.Model):
    """From a scorecard's score, an indicative monthly incentive: the band
    with the highest minimum score the score reaches."""
    _name = 'kam.incentive.band'
    _description = "Scorecard Incentive Band"
    _inherit = ['kam.company.currency.mixin']
    _order = 'min_score desc, id'
    _rec_name = 'min_score'

    min_score = fields.Float("Minimum Score", required=True, digits=(5, 1),
                             help="A score at or above it earns this band's incentive.")
    incentive = fields.Monetary(required=True,
                                help="Indicative monthly incentive of the band, in the company's currency.")

    _band_uniq = models.Constraint("UNIQUE(company_id, min_score)",
                                   "A company has one band per minimum score.")

    @api.constrains('min_score', 'incentive')
    def _check_values(self):
        if any(band.min_score < 0 or band.incentive < 0 for band in self):
            raise ValidationError(self.env._("A band's minimum score and incentive cannot be negative."))
