from odoo import api, fields, models

from .kam_service_request import OPEN_STATES
from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Open work orders of an account and of the companies below it."""
    _inherit = 'res.partner'

    kam_open_request_count = fields.Integer(
        "Open Work Orders", compute='_compute_kam_open_request_count', groups=KAM_USER,
        help="Work orders submitted, accepted or in progress for this company and every "
             "company below it that you can open.")

    @api.depends_context('uid')
    def _compute_kam_open_request_count(self):
        # the work orders the user can open, as the smart button lists them
        counts = self.filtered('is_company')._kam_subtree_counts(
            'kam.service.request', [('state', 'in', OPEN_STATES)], sudo=False)
        for partner in self:
            partner.kam_open_request_count = counts.get(partner._origin.id, 0)

    def action_kam_view_requests(self):
        return self._kam_action('kam_service_request_action', [('partner_id', 'child_of', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})
