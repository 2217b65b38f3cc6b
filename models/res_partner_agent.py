from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Agent channels (代理渠道) on partners: the agent companies that bring
    group customers to the operator and serve them, and on each key account
    the agent serving it."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields: the agent company
    # ------------------------------------------------------------

    kam_is_agent = fields.Boolean(
        "Is an Agent", index=True, copy=False, tracking=True,
        help="An agent company (代理渠道) that brings group customers to us and serves them "
             "under an agreement; its portal users see the accounts it serves.")
    kam_agent_agreement_ids = fields.One2many(
        'kam.agent.agreement', 'agent_id', "Agreements", copy=False, groups=KAM_USER,
        help="The agreements signed with this agent.")
    kam_agent_account_ids = fields.One2many(
        'res.partner', 'kam_agent_id', "Accounts Served", copy=False, groups=KAM_USER,
        help="The key accounts this agent serves.")
    kam_agent_account_count = fields.Integer(
        "Accounts Served Count", compute='_compute_kam_agent_counts', groups=KAM_USER,
        help="Key accounts this agent serves.")
    kam_agent_brought_count = fields.Integer(
        "Accounts Brought", compute='_compute_kam_agent_counts', groups=KAM_USER,
        help="Key accounts this agent brought to us.")
    kam_agent_agreement_count = fields.Integer(
        "Agreement Count", compute='_compute_kam_agent_counts', groups=KAM_USER,
        help="Agreements signed with this agent.")

    # ------------------------------------------------------------
    # Fields: the agent of a key account
    # ------------------------------------------------------------

    kam_agent_id = fields.Many2one(
        'res.partner', "Agent", index='btree_not_null', tracking=True, copy=False,
        groups=KAM_USER, domain=[('kam_is_agent', '=', True), ('is_company', '=', True)],
        help="The agent company serving this key account; set by the account's manager and "
             "team or a Key Accounts Manager.")
    kam_agent_origin = fields.Selection([
        ('brought', "Brought by the Agent"),
        ('served', "Served Only"),
    ], "Agent's Role", tracking=True, copy=False, groups=KAM_USER,
        help="Brought by the agent: the agent won the customer for us; served only: the agent "
             "serves a customer we already had.")

    # ------------------------------------------------------------
    # Compute and constraints
    # ------------------------------------------------------------

    def _compute_kam_agent_counts(self):
        agents = self.filtered('kam_is_agent')
        Partner = self.env['res.partner'].sudo()
        # the key accounts the smart button opens, by role, in one grouped read
        served, brought = defaultdict(int), defaultdict(int)
        for agent, origin, count in Partner._read_group(
                [('kam_agent_id', 'in', agents.ids), ('kam_is_key_account', '=', True)],
                ['kam_agent_id', 'kam_agent_origin'], ['__count']):
            served[agent] += count
            if origin == 'brought':
                brought[agent] += count
        agreements = dict(self.env['kam.agent.agreement']._read_group(
            [('agent_id', 'in', agents.ids)], ['agent_id'], ['__count']))
        for partner in self:
            partner.kam_agent_account_count = served.get(partner, 0)
            partner.kam_agent_brought_count = brought.get(partner, 0)
            partner.kam_agent_agreement_count = agreements.get(partner, 0)

    @api.constrains('kam_agent_id', 'kam_is_agent')
    def _check_kam_agent(self):
        for partner in self.sudo():
            if partner.kam_is_agent and not partner.is_company:
                raise ValidationError(self.env._("Only companies can be agents."))
            if partner.kam_agent_id and not partner.kam_agent_id.kam_is_agent:
                raise ValidationError(self.env._("The agent of an account must be flagged as agent."))
            if partner.kam_agent_id and partner.kam_agent_id == partner:
                raise ValidationError(self.env._("A company cannot be its own agent."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_view_agent_accounts(self):
        return self._kam_action(
            'res_partner_action_key_accounts', [('kam_agent_id', '=', self.id)],
            {'default_kam_agent_id': self.id})

    def action_kam_view_agent_agreements(self):
        return self._kam_action(
            'kam_agent_agreement_action', [('agent_id', '=', self.id)],
            {'default_agent_id': self.id})

    def action_kam_view_agent_results(self):
        return self._kam_action(
            'kam_agent_result_action', [('agent_id', '=', self.id)], {})
