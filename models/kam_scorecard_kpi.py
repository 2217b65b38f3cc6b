from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_target import KPI_SELECTION


class KamScorecardKpi(models.Model):
    """The weight of a KPI in the account managers' monthly scorecards."""
    _name = 'kam.scorecard.kpi'
    _description = "Scorecard KPI Weight"
    _order = 'sequence, id'

    sequence = fields.Integer(default=10, help="Order of the KPIs on the scorecards.")
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True,
                           help="The KPI scored: the manager's month against his target.")
    weight = fields.Float("Weight (%)", required=True, default=10, digits=(5, 1),
                          help="Share of the score this KPI carries; the KPIs without a target for "
                               "the manager are left out and the others' weights scaled up.")
    active = fields.Boolean(default=True, help="Archived KPIs are not scored.")

    _kpi_uniq = models.Constraint("UNIQUE(kpi)", "A KPI is weighted once.")

    @api.constrains('weight')
    def _check_weight(self):
        if any(not 0 < record.weight <= 100 for record in self):
            raise ValidationError(self.env._("A weight lies above 0 and up to 100 %."))
