"""Work orders raised in the portal by an agent's staff for the key
accounts their agent serves. The account is checked against the accounts
the agent serves before anything is written; then the work order is
created and submitted as the service desk, like the customer's own."""
from odoo import api, fields, models
from odoo.exceptions import ValidationError

AGENT_KINDS = ('repair', 'fault')


class KamServiceRequest(models.Model):
    _inherit = 'kam.service.request'

    # the portal rule of the agents' staff reads it
    requester_user_id = fields.Many2one(
        index='btree_not_null',
        help="The portal user who raised the work order (a customer's or an agent's staff).")

    @api.model
    def _kam_agent_company_id(self):
        """The id of the current user's company (his contact's commercial
        partner), in one query of two columns; the agent domains check in
        their own query that it is an agent."""
        contact = self.env['res.partner'].sudo().search_fetch(
            [('user_ids', 'in', [self.env.uid])], ['commercial_partner_id'], limit=1)
        return contact.commercial_partner_id.id

    @api.model
    def _kam_agent_domain(self, agent_id=None):
        """Domain of the key accounts served by the current user's agent
        company (``agent_id``: that company's id when already read); matching
        nothing when the user's company is not an agent."""
        agent_id = agent_id or self._kam_agent_company_id()
        if not agent_id:
            return [('id', '=', False)]
        return [('kam_agent_id', '=', agent_id), ('kam_agent_id.kam_is_agent', '=', True),
                ('kam_is_key_account', '=', True)]

    @api.model
    def _kam_agent_accounts(self, account_id=None):
        """The key accounts served by the current user's agent company
        (sudo), or only ``account_id`` when it is one of them."""
        domain = self._kam_agent_domain()
        if account_id is not None:
            domain += [('id', '=', account_id)]
        return self.env['res.partner'].sudo().search(domain, order='name, id')

    @api.model
    def _kam_agent_types(self):
        """The work-order types an agent's staff may raise: repairs and faults."""
        return self.env['kam.service.request.type'].sudo().search(
            [('kind', 'in', AGENT_KINDS)], order='sequence, id')

    @api.model
    def _kam_agent_portal_create(self, account_id, values):
        """Create and submit a work order for the served account
        ``account_id`` from the posted ``values`` (strings): the account must
        be one the user's agent serves, else nothing is written and the error
        names nothing."""
        env = self.env
        account = self._kam_agent_accounts(account_id or 0)
        if not account:
            raise ValidationError(env._("Choose one of the accounts your company serves."))
        request_type = self._kam_agent_types().filtered(
            lambda t: t.id == self._kam_int(values.get('type_id')))
        if not request_type:
            raise ValidationError(env._("Choose a type of request."))
        description = (values.get('description') or '').strip()
        if not description:
            raise ValidationError(env._("Describe what is needed."))
        number = (values.get('number') or '').strip()
        if len(number) > 32:
            raise ValidationError(env._("The number is too long (32 characters at most)."))
        if len(description) > 4000:
            raise ValidationError(env._("The description is too long (4,000 characters at most)."))
        user = env.user
        with env.cr.savepoint():
            work_order = self.sudo().create({
                'type_id': request_type.id,
                'partner_id': account.id,
                'requester_partner_id': user.partner_id.id,
                'requester_user_id': user.id,
                'contact_phone': (values.get('contact_phone') or '').strip()[:64],
                'description': description,
                'company_id': env.company.id,
                'line_ids': [fields.Command.create({'operation': 'number', 'number': number})]
                if number else [],
            })
            work_order.message_subscribe(partner_ids=user.partner_id.ids)
            work_order.action_submit()
        return work_order.sudo(False)
