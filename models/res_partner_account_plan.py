from odoo import api, fields, models

from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Account plans on the account: how many, and the plan of today."""
    _inherit = 'res.partner'

    kam_account_plan_count = fields.Integer(
        "Account Plans", compute='_compute_kam_account_plans', groups=KAM_USER,
        help="Account plans of the account that you can open.")
    kam_current_plan_id = fields.Many2one(
        'kam.account.plan', "Current Plan", compute='_compute_kam_account_plans', groups=KAM_USER,
        help="The account's plan whose period covers today, the approved one first, if you "
             "can open it.")

    @api.depends_context('uid')
    def _compute_kam_account_plans(self):
        Plan = self.env['kam.account.plan']
        ids = self._origin.ids
        counts, current = {}, {}
        if ids and Plan.has_access('read'):
            counts = dict(Plan._read_group([('partner_id', 'in', ids)], ['partner_id'], ['__count']))
            today = fields.Date.context_today(self)
            for plan in Plan.search([('partner_id', 'in', ids), ('date_start', '<=', today),
                                     ('date_end', '>=', today)]):
                known = current.get(plan.partner_id)
                if not known or (plan.state == 'approved' and known.state != 'approved'):
                    current[plan.partner_id] = plan
        for partner in self:
            origin = partner._origin
            partner.kam_account_plan_count = counts.get(origin, 0)
            partner.kam_current_plan_id = current.get(origin, Plan)

    def action_kam_view_account_plans(self):
        return self._kam_action('kam_account_plan_action', [('partner_id', '=', self.id)],
                                {'default_partner_id': self.id})
