from odoo import api, fields, models

from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Delivery projects of an account: the smart button."""
    _inherit = 'res.partner'

    kam_project_count = fields.Integer(
        "Open Projects", compute='_compute_kam_project_counts', groups=KAM_USER,
        help="Draft and running delivery projects of the account that you can open.")
    kam_project_late_count = fields.Integer(
        "Late Projects", compute='_compute_kam_project_counts', groups=KAM_USER,
        help="Of the open projects you can open, those past their end date.")

    @api.depends_context('uid')
    def _compute_kam_project_counts(self):
        counts = {
            (partner.id, health): count
            for partner, health, count in self.env['kam.project']._read_group(
                [('partner_id', 'in', self._origin.ids), ('stage', 'in', ['draft', 'in_progress'])],
                ['partner_id', 'health'], ['__count'])
        }
        for partner in self:
            pid = partner._origin.id
            partner.kam_project_late_count = counts.get((pid, 'late'), 0)
            partner.kam_project_count = sum(
                counts.get((pid, health), 0) for health in ('on_track', 'at_risk', 'late'))

    def action_kam_view_projects(self):
        return self._kam_action('kam_project_action', [('partner_id', '=', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})
