from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal_base import KamPortalBase
from .portal_lists import portal_list_values


class KamContractPortal(KamPortalBase):

    def _kam_portal_counters(self, counters):
        specs = super()._kam_portal_counters(counters)
        if 'kam_contract_count' in counters:
            specs['kam_contract_count'] = (request.env['kam.contract'], [])
        return specs

    def _kam_contract_sortings(self):
        env = request.env
        return {
            'date_end': {'label': env._("End Date"), 'order': 'date_end desc, id desc'},
            'name': {'label': env._("Number"), 'order': 'name'},
            'partner': {'label': env._("Account"), 'order': 'partner_id, date_end desc'},
        }

    @http.route(['/my/contracts', '/my/contracts/page/<int:page>'], type='http', auth='user',
                website=True, readonly=True)
    def portal_my_kam_contracts(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        # The record rules keep the list to the user's own group.
        list_values = portal_list_values(
            request.env['kam.contract'], '/my/contracts', [], page, sortby,
            self._kam_contract_sortings(), self._items_per_page,
            history_key='my_kam_contracts_history')
        # Access is checked: the rules chose these contracts. Their accounts'
        # names are read in one batch without Odoo's portal partner rule
        # (a child_of walk of the customer's tree per read).
        contracts = list_values.pop('records').sudo()
        values.update(list_values, contracts=contracts, page_name='kam_contract')
        return request.render('key_account_management.portal_my_kam_contracts', values)

    @http.route(['/my/contracts/<int:contract_id>'], type='http', auth='public', website=True,
                readonly=True)
    def portal_my_kam_contract(self, contract_id, access_token=None, report_type=None,
                               download=False, **kw):
        try:
            contract_sudo = self._document_check_access('kam.contract', contract_id, access_token)
        except (AccessError, MissingError):
            return request.redirect('/my')
        if contract_sudo.state == 'draft':
            # whatever the link or token: drafts stay internal
            return request.redirect('/my')
        if report_type in ('html', 'pdf', 'text'):
            return self._show_report(
                model=contract_sudo, report_type=report_type,
                report_ref='key_account_management.action_report_kam_contract', download=download)
        values = self._get_page_view_values(
            contract_sudo, access_token, {'contract': contract_sudo, 'page_name': 'kam_contract'},
            'my_kam_contracts_history', False, **kw)
        return request.render('key_account_management.portal_my_kam_contract', values)
