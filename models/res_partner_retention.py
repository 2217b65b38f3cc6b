from odoo import api, fields, models

from .res_partner import KAM_USER

# visits whose satisfaction makes the account's
SATISFACTION_VISITS = 3


class ResPartner(models.Model):
    """Retention on the account: its return visits (last one, satisfaction),
    retention cases and competitor offers, with their smart buttons."""
    _inherit = 'res.partner'

    kam_visit_ids = fields.One2many(
        'kam.visit', 'partner_id', "Return Visits", copy=False, groups=KAM_USER,
        help="Visits and calls to the account.")
    kam_last_visit_date = fields.Date(
        "Last Visit", compute='_compute_kam_visit_figures', store=True, groups=KAM_USER,
        help="Date of the last visit or call done; the visit plan counts the tier's "
             "frequency from it.")
    kam_satisfaction = fields.Float(
        "Satisfaction", compute='_compute_kam_visit_figures', store=True, digits=(3, 1),
        groups=KAM_USER, aggregator='avg',
        help="Average satisfaction (1-5) of the last three rated visits, from the "
             "survey answers when the contacts answered one.")
    kam_satisfaction_count = fields.Integer(
        "Rated Visits", compute='_compute_kam_visit_figures', store=True, groups=KAM_USER,
        help="How many visits the satisfaction averages (at most three).")
    kam_visit_count = fields.Integer(
        "Visits", compute='_compute_kam_retention_counts', groups=KAM_USER,
        help="Visits and calls of the account that you can open.")
    kam_retention_case_count = fields.Integer(
        "Open Retention Cases", compute='_compute_kam_retention_counts', groups=KAM_USER,
        help="Open retention cases of the account that you can open.")
    kam_competitor_offer_count = fields.Integer(
        "Competitor Offers", compute='_compute_kam_retention_counts', groups=KAM_USER,
        help="Competitor offers logged on the account that you can open.")

    @api.depends('kam_visit_ids.state', 'kam_visit_ids.date', 'kam_visit_ids.satisfaction_score')
    def _compute_kam_visit_figures(self):
        for partner in self:
            done = partner.sudo().kam_visit_ids.filtered(lambda v: v.state == 'done').sorted(
                lambda v: (v.date, v.id), reverse=True)
            rated = done.filtered('satisfaction_score')[:SATISFACTION_VISITS]
            partner.kam_last_visit_date = done[:1].date
            partner.kam_satisfaction = (sum(rated.mapped('satisfaction_score')) / len(rated)
                                        if rated else 0.0)
            partner.kam_satisfaction_count = len(rated)

    @api.depends_context('uid')
    def _compute_kam_retention_counts(self):
        ids = self._origin.ids
        counts = {}
        for model, domain in (
                ('kam.visit', []),
                ('kam.retention.case', [('state', 'in', ('open', 'in_progress'))]),
                ('kam.competitor.offer', [])):
            Model = self.env[model]
            counts[model] = dict(Model._read_group(
                [('partner_id', 'in', ids)] + domain, ['partner_id'], ['__count'])
            ) if ids and Model.has_access('read') else {}
        for partner in self:
            origin = partner._origin
            partner.kam_visit_count = counts['kam.visit'].get(origin, 0)
            partner.kam_retention_case_count = counts['kam.retention.case'].get(origin, 0)
            partner.kam_competitor_offer_count = counts['kam.competitor.offer'].get(origin, 0)

    def action_kam_view_visits(self):
        return self._kam_action('kam_visit_action', [('partner_id', '=', self.id)],
                                {'default_partner_id': self.id})

    def action_kam_view_retention_cases(self):
        return self._kam_action('kam_retention_case_action', [('partner_id', '=', self.id)],
                                {'default_partner_id': self.id})

    def action_kam_view_competitor_offers(self):
        return self._kam_action('kam_competitor_offer_action', [('partner_id', '=', self.id)],
                                {'default_partner_id': self.id})

    def action_kam_open_retention_case(self):
        """Open a retention case on this account by hand (or show the open one)."""
        self.ensure_one()
        self._kam_check_account_rights()
        case = self.env['kam.retention.case']._kam_open_for(self, trigger='manual')
        return {
            'type': 'ir.actions.act_window', 'res_model': 'kam.retention.case',
            'res_id': case.id, 'view_mode': 'form', 'views': [(False, 'form')],
        }
