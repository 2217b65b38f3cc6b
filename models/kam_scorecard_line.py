from odoo import fields, models

from .kam_target import KPI_SELECTION


class KamScorecardLine(models.Model):
    """One KPI of a scorecard: the month's target share, what was achieved,
    the rate and the weighted points it gives. It follows its scorecard:
    the same people read it (the rule reads the scorecard's own columns)."""
    _name = 'kam.scorecard.line'
    _description = "Account Manager Scorecard KPI"
    _order = 'scorecard_id, weight desc, id'

    scorecard_id = fields.Many2one('kam.scorecard', required=True, index=True,
                                   ondelete='cascade', readonly=True, help="The scorecard of the line.")
    user_id = fields.Many2one(related='scorecard_id.user_id', store=True, index=True,
                              help="The manager of the scorecard, for the record rules.")
    region_id = fields.Many2one(related='scorecard_id.region_id', store=True, index=True,
                                help="The region of the scorecard, for the record rules.")
    company_id = fields.Many2one(related='scorecard_id.company_id', store=True, index=True,
                                 help="The company of the scorecard, for the record rules.")
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True, readonly=True,
                           help="The KPI scored.")
    target_id = fields.Many2one('kam.target', readonly=True, ondelete='set null',
                                help="The manager's target the month's share is taken from.")
    weight = fields.Float("Weight (%)", digits=(5, 1), readonly=True,
                          help="The KPI's weight when the scorecard was computed.")
    target_value = fields.Float("Month's Target", digits=(16, 2), readonly=True,
                                help="The month's share of the target (a rate: the rate itself).")
    achieved = fields.Float(digits=(16, 2), readonly=True,
                            help="The KPI of the month, from the KPI snapshots.")
    rate = fields.Float("Rate (%)", digits=(5, 1), readonly=True, help="Achieved ÷ the month's target.")
    points = fields.Float(digits=(5, 1), readonly=True,
                          help="The rate (at most 120 %) times the KPI's share of the weights.")
