from urllib.parse import quote

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from ..models.kam_service_request_portal import SUBMIT_URL, TOO_LARGE
from .portal_base import KamPortalBase
from .portal_lists import portal_list_values, readonly_unless_submitted

LINE_SLOTS = 5
LINE_INPUTS = ('operation', 'member_id', 'member_mobile', 'member_partner_id', 'member_name', 'mobile',
               'department', 'job_title', 'email', 'product_id', 'quantity', 'number', 'note')
OPEN = ('submitted', 'accepted', 'in_progress')
# up to this many members the form offers them in a list; beyond, by their number
MEMBER_PICK_LIMIT = 300


class KamServiceRequestPortal(KamPortalBase):
    """Work orders in the portal: the customer's list, a form per type,
    the detail page with its chatter, cancellation and rating. Every posted
    value is checked by kam.service.request's portal methods."""

    def _kam_portal_counters(self, counters):
        specs = super()._kam_portal_counters(counters)
        if 'kam_request_count' in counters:
            specs['kam_request_count'] = (request.env['kam.service.request'], [])
        return specs

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if not counters:
            # the home page itself: its Requests card shows, even at 0, to those who raise them
            values['kam_request_can_raise'] = request.env['kam.service.request']._kam_portal_can_raise()
        return values

    def _kam_request_sortings(self):
        env = request.env
        return {
            'date': {'label': env._("Newest"), 'order': 'date_submitted desc, id desc'},
            'name': {'label': env._("Reference"), 'order': 'name desc, id desc'},
            'state': {'label': env._("Status"), 'order': 'state, id desc'},
        }

    def _kam_request_filters(self):
        env = request.env
        filters = {
            'all': {'label': env._("All"), 'domain': []},
            'open': {'label': env._("Open"),
                     'domain': env['kam.service.request']._kam_portal_open_domain()},
            'closed': {'label': env._("Closed"), 'domain': [('state', 'not in', OPEN)]},
        }
        for request_type in env['kam.service.request.type'].search([]):
            filters[f'type_{request_type.id}'] = {
                'label': request_type.name, 'domain': [('type_id', '=', request_type.id)]}
        return filters

    @http.route(['/my/requests', '/my/requests/page/<int:page>'], type='http', auth='user',
                website=True, readonly=True)
    def portal_my_kam_requests(self, page=1, sortby=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        filters = self._kam_request_filters()
        filterby = filterby if filterby in filters else 'all'
        list_values = portal_list_values(
            request.env['kam.service.request'], '/my/requests', filters[filterby]['domain'],
            page, sortby, self._kam_request_sortings(), self._items_per_page,
            url_args={'filterby': filterby}, history_key='my_kam_requests_history')
        # the rules chose these work orders: their customers and types read in one batch
        requests = list_values.pop('records').sudo()
        values.update(list_values, kam_requests=requests, page_name='kam_request',
                      searchbar_filters=filters, filterby=filterby)
        return request.render('key_account_management.portal_my_kam_requests', values)

    @http.route('/my/requests/new', type='http', auth='user', website=True, readonly=True)
    def portal_kam_request_types(self, **kw):
        if request.env['kam.service.request']._kam_portal_is_agent():
            # an agent's staff raise work orders for the accounts they serve
            return request.redirect('/my/kam/agent/accounts')
        values = self._prepare_portal_layout_values()
        values.update(page_name='kam_request_new',
                      request_types=request.env['kam.service.request.type'].search([]))
        return request.render('key_account_management.portal_kam_request_types', values)

    def _kam_request_form_values(self, request_type, posted=None, error=None):
        Request = request.env['kam.service.request']
        companies = Request._kam_portal_companies()
        member_companies = Request._kam_portal_member_companies(companies)
        # the members to pick, named as the user may read them (their numbers
        # masked unless he is the group's administrator)
        members = request.env['kam.member'].sudo().search(
            [('partner_id', 'in', member_companies.ids), ('state', '!=', 'removed')],
            order='name, id', limit=MEMBER_PICK_LIMIT + 1,
        ).with_env(request.env) if request_type.kind == 'member' else []
        pick_by_number = len(members) > MEMBER_PICK_LIMIT
        max_mb, total_mb = Request._kam_attachment_limits()
        values = self._prepare_portal_layout_values()
        values.update(
            page_name='kam_request_new', request_type=request_type,
            operations=[(op, label) for op, label in request.env['kam.service.request.line']
                        ._fields['operation']._description_selection(request.env)
                        if op in request_type._kam_operations()],
            companies=companies, member_companies=member_companies,
            members=members, pick_by_number=pick_by_number,
            products=Request._kam_portal_products() if request_type.kind in ('install', 'change')
            else [],
            line_slots=range(LINE_SLOTS), posted=posted or {}, error=error,
            attachment_limits=(max_mb, total_mb),
            upload_limit_text=request.env._(
                "Up to %(max)s MB each, %(total)s MB together.", max=max_mb, total=total_mb),
            too_large_message=Request._kam_too_large_message(),
        )
        return values

    @http.route('/my/requests/new/<int:type_id>', type='http', auth='user', website=True,
                readonly=True)
    def portal_kam_request_form(self, type_id, error=None, **kw):
        request_type = request.env['kam.service.request.type'].search([('id', '=', type_id)])
        if not request_type or request.env['kam.service.request']._kam_portal_is_agent():
            return request.redirect('/my/requests/new')
        # only the product's own messages: never a text taken from the URL
        message = request.env['kam.service.request']._kam_too_large_message() \
            if error == TOO_LARGE else None
        return request.render('key_account_management.portal_kam_request_form',
                              self._kam_request_form_values(request_type, error=message))

    @http.route(SUBMIT_URL, type='http', auth='user', methods=['POST'], website=True,
                max_content_length=lambda _self: request.env[
                    'kam.service.request']._kam_max_form_bytes())
    def portal_kam_request_submit(self, **post):
        request_type = request.env['kam.service.request.type'].search(
            [('id', '=', request.env['kam.service.request']._kam_int(post.get('type_id')))])
        if not request_type:
            return request.redirect('/my/requests/new')
        lines = []
        for slot in range(LINE_SLOTS):
            line = {name: post.get(f'line_{slot}_{name}') for name in LINE_INPUTS}
            if any(value for name, value in line.items() if name not in ('operation', 'quantity')):
                lines.append(line)
        files = [(upload.filename, upload.read())
                 for upload in request.httprequest.files.getlist('attachments') if upload.filename]
        try:
            kam_request = request.env['kam.service.request']._kam_portal_create(
                dict(post, lines=lines), files)
        except (ValidationError, UserError, AccessError) as error:
            values = self._kam_request_form_values(request_type, post, error.args[0])
            return request.render('key_account_management.portal_kam_request_form', values)
        return request.redirect(f'/my/requests/{kam_request.id}?submitted=1')

    @http.route('/my/requests/<int:request_id>', type='http', auth='public', website=True,
                readonly=readonly_unless_submitted)
    def portal_my_kam_request(self, request_id, access_token=None, error=None, **kw):
        try:
            request_sudo = self._document_check_access('kam.service.request', request_id,
                                                       access_token)
        except (AccessError, MissingError):
            return request.redirect('/my')
        if request_sudo.state == 'draft':
            return request.redirect('/my')
        values = self._get_page_view_values(
            request_sudo, access_token,
            {'kam_request': request_sudo, 'page_name': 'kam_request', 'error': error,
             'submitted': kw.get('submitted'),
             'rated': request_sudo.rating_ids.filtered('consumed')[:1]},
            'my_kam_requests_history', False, **kw)
        return request.render('key_account_management.portal_my_kam_request', values)

    def _kam_request_post(self, request_id, method, *args):
        kam_request = request.env['kam.service.request'].browse(request_id)
        try:
            getattr(kam_request, method)(*args)
        except (AccessError, MissingError):
            return request.redirect('/my')
        except (ValidationError, UserError) as error:
            return request.redirect(f'/my/requests/{request_id}?error={quote(str(error.args[0]))}')
        return request.redirect(f'/my/requests/{request_id}')

    @http.route('/my/requests/<int:request_id>/cancel', type='http', auth='user',
                methods=['POST'], website=True)
    def portal_kam_request_cancel(self, request_id, **post):
        return self._kam_request_post(request_id, '_kam_portal_cancel')

    @http.route('/my/requests/<int:request_id>/rate', type='http', auth='user',
                methods=['POST'], website=True)
    def portal_kam_request_rate(self, request_id, rating=None, comment=None, **post):
        return self._kam_request_post(request_id, '_kam_portal_rate', rating, comment)
