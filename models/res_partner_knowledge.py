from odoo import api, fields, models

from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Winning cases suggested on a key account: the published cases of its
    industry and tier."""
    _inherit = 'res.partner'

    kam_winning_case_count = fields.Integer(
        "Winning Cases", compute='_compute_kam_winning_case_count', groups=KAM_USER,
        help="Published winning cases of the account's industry and tier.")

    @api.depends_context('uid')
    @api.depends('kam_industry_id', 'kam_tier_id')
    def _compute_kam_winning_case_count(self):
        counts = self.env['kam.knowledge.article']._kam_suggestion_counts(self._origin)
        for partner in self:
            partner.kam_winning_case_count = counts.get(partner._origin, 0)

    def action_kam_view_winning_cases(self):
        self.ensure_one()
        account = self.sudo()
        action = self._kam_action(
            'kam_knowledge_article_action',
            self.env['kam.knowledge.article']._kam_suggestion_domain(self), {})
        if account.kam_tier_id:
            action['name'] = self.env._(
                "Winning Cases: %(industry)s, Tier %(tier)s",
                industry=account.kam_industry_id.name or '', tier=account.kam_tier_id.code)
        else:
            action['name'] = self.env._(
                "Winning Cases: %(industry)s", industry=account.kam_industry_id.name or '')
        return action
