from odoo import fields, models


class KamTier(models.Model):
    """The filing rate a tier aims at (seed 004: 95 % of the A, B and D
    group customers with a complete archive, 80 % of the C ones)."""
    _inherit = 'kam.tier'

    filing_target = fields.Float(
        "Filing Rate Target (%)", digits=(5, 1), default=95.0,
        help="Share of the tier's key accounts whose archive is complete (as complete as the "
             "tier requires) that the province is judged on: 95 % for A, B and D, 80 % for C.")

    _filing_target_range = models.Constraint(
        'CHECK(filing_target >= 0 AND filing_target <= 100)',
        "A filing rate target is between 0 and 100 %.")
