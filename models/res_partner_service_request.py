from odoo import api, fields, models

from .kam_service_request import OPEN_STATES
from .kam_tools import subtree_sums
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
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        rows = {}
        Request = self.env['kam.service.request']
        if companies and Request.has_access('read'):
            for group, company, path, count in Request._read_group(
                    [('group_id', 'in', companies.kam_group_id.ids), ('state', 'in', OPEN_STATES)],
                    ['group_id', 'partner_id', 'partner_id.kam_group_path'], ['__count']):
                rows.setdefault(group.id, []).append((company.id, path or '', count))
        for partner in self:
            prefix = partner._origin.id and partner.kam_group_path
            partner.kam_open_request_count = subtree_sums(
                rows.get(partner.kam_group_id.id, []), partner._origin.id, prefix)[1]

    def action_kam_view_requests(self):
        return self._kam_action('kam_service_request_action', [('partner_id', 'child_of', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})
