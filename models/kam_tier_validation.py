from odoo import models


class KamTierValidation(models.AbstractModel):
    """OCA's tier validation as the addon's approvals use it (tariff and
    discount applications, work orders): a decision at a level is first
    checked against the record's own rules (``_kam_check_reviewer``: who
    may decide, in which state), then the record follows its reviews
    (``_kam_follow_reviews``: approved, rejected or still waiting)."""
    _name = 'kam.tier.validation'
    _inherit = 'tier.validation'
    _description = "Key Account Approvals"

    def _validate_tier(self, tiers=False):
        self._kam_check_reviewer()
        res = super()._validate_tier(tiers)
        self._kam_follow_reviews()
        return res

    def _rejected_tier(self, tiers=False):
        self._kam_check_reviewer()
        res = super()._rejected_tier(tiers)
        self._kam_follow_reviews()
        return res

    def _kam_check_reviewer(self):
        """Raise when the current user may not decide on these records now."""

    def _kam_follow_reviews(self):
        """Move these records on after a decision at one of their levels."""
