from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal_base import KamPortalBase
from .portal_lists import readonly_on_get


class KamAgentPortal(KamPortalBase):
    """The agent's staff in the portal: the key accounts their agent serves
    (name, city, open work orders) and a work order raised for one of them.
    Every account id in a URL is checked against the accounts the agent
    serves; anything else is a 404 that names nothing."""

    def _kam_portal_counters(self, counters):
        specs = super()._kam_portal_counters(counters)
        wanted = {'kam_agent_account_count', 'kam_agent_statement_count'} & set(counters)
        if not wanted:
            return specs
        Request = request.env['kam.service.request']
        # the user's company read once; whether it is an agent is checked in the count
        agent_id = Request._kam_agent_company_id()
        if 'kam_agent_account_count' in wanted:
            specs['kam_agent_account_count'] = (
                request.env['res.partner'].sudo(), Request._kam_agent_domain(agent_id))
        if 'kam_agent_statement_count' in wanted:
            specs['kam_agent_statement_count'] = (
                request.env['kam.agent.statement'].sudo(),
                self._kam_agent_statement_domain(agent_id))
        return specs

    def _kam_agent_statement_domain(self, agent_id=None):
        """The confirmed statements of the current user's agent company
        (nothing for anyone else); ``agent_id``: that company's id when
        already read."""
        agent_id = agent_id or request.env['kam.service.request']._kam_agent_company_id()
        if not agent_id:
            return [('id', '=', False)]
        return [('agent_id', '=', agent_id), ('agent_id.kam_is_agent', '=', True),
                ('state', '=', 'confirmed')]

    @http.route('/my/kam/agent/statements', type='http', auth='user', website=True, readonly=True)
    def portal_kam_agent_statements(self, **kw):
        if not request.env.user.partner_id.commercial_partner_id.sudo().kam_is_agent:
            raise request.not_found()
        statements = request.env['kam.agent.statement'].sudo().search(
            self._kam_agent_statement_domain(), order='month desc, id desc', limit=120)
        values = self._prepare_portal_layout_values()
        values.update(page_name='kam_agent_statements', kam_statements=statements)
        return request.render('key_account_management.portal_kam_agent_statements', values)

    @http.route('/my/kam/agent/statements/<int:statement_id>', type='http', auth='user', website=True,
                readonly=True)
    def portal_kam_agent_statement(self, statement_id, **kw):
        statement = request.env['kam.agent.statement'].sudo().search(
            self._kam_agent_statement_domain() + [('id', '=', statement_id)])
        if not statement:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(page_name='kam_agent_statement', statement=statement)
        return request.render('key_account_management.portal_kam_agent_statement', values)

    @http.route('/my/kam/agent/accounts', type='http', auth='user', website=True, readonly=True)
    def portal_kam_agent_accounts(self, **kw):
        Request = request.env['kam.service.request']
        accounts = Request._kam_agent_accounts()
        if not accounts and not request.env.user.partner_id.commercial_partner_id.sudo().kam_is_agent:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(page_name='kam_agent_accounts', kam_agent_accounts=accounts,
                      kam_open_counts=Request._kam_portal_open_counts(accounts))
        return request.render('key_account_management.portal_kam_agent_accounts', values)

    def _kam_agent_account(self, account_id):
        account = request.env['kam.service.request']._kam_agent_accounts(account_id)
        if not account:
            raise request.not_found()
        return account

    def _kam_agent_form(self, account, posted=None, error=None):
        values = self._prepare_portal_layout_values()
        values.update(page_name='kam_agent_request', kam_account=account, posted=posted or {},
                      error=error,
                      request_types=request.env['kam.service.request']._kam_agent_types())
        return request.render('key_account_management.portal_kam_agent_request_form', values)

    @http.route('/my/kam/agent/accounts/<int:account_id>/request', type='http', auth='user',
                methods=['GET', 'POST'], website=True, readonly=readonly_on_get)
    def portal_kam_agent_request(self, account_id, **post):
        account = self._kam_agent_account(account_id)
        if request.httprequest.method != 'POST':
            return self._kam_agent_form(account)
        try:
            work_order = request.env['kam.service.request']._kam_agent_portal_create(
                account.id, post)
        except (ValidationError, UserError) as error:
            return self._kam_agent_form(account, post, error.args[0])
        return request.redirect(f'/my/requests/{work_order.id}?submitted=1')
