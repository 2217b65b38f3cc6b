from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal_base import KamPortalBase
from .portal_lists import portal_list_values


class KamProjectPortal(KamPortalBase):
    """The customer's own delivery projects: stage, progress and dates, and
    which departments are on it; never the internal feedback."""

    def _kam_portal_counters(self, counters):
        specs = super()._kam_portal_counters(counters)
        if 'kam_project_count' in counters:
            specs['kam_project_count'] = (request.env['kam.project'], [])
        return specs

    def _kam_project_sortings(self):
        return {
            'date': {'label': request.env._("Newest"), 'order': 'create_date desc, id desc'},
            'end': {'label': request.env._("End Date"), 'order': 'date_end, id'},
            'name': {'label': request.env._("Name"), 'order': 'name, id'},
        }

    @http.route(['/my/kam_projects', '/my/kam_projects/page/<int:page>'],
                type='http', auth='user', website=True, readonly=True)
    def portal_my_kam_projects(self, page=1, sortby='date', **kw):
        values = self._prepare_portal_layout_values()
        # the record rules decide which projects this user sees
        list_values = portal_list_values(
            request.env['kam.project'], '/my/kam_projects', [], page, sortby,
            self._kam_project_sortings(), self._items_per_page,
            history_key='my_kam_projects_history')
        projects = list_values.pop('records')
        values.update(list_values, kam_projects=projects, page_name='kam_project')
        return request.render('key_account_management.portal_my_kam_projects', values)

    @http.route('/my/kam_projects/<int:project_id>', type='http', auth='public', website=True,
                readonly=True)
    def portal_my_kam_project(self, project_id, access_token=None, **kw):
        try:
            project_sudo = self._document_check_access('kam.project', project_id, access_token)
        except (AccessError, MissingError):
            return request.redirect('/my')
        if project_sudo.stage == 'draft':
            # whatever the link or token: drafts stay internal
            return request.redirect('/my')
        values = self._get_page_view_values(
            project_sudo, access_token, {'kam_project': project_sudo, 'page_name': 'kam_project'},
            'my_kam_projects_history', False, **kw)
        return request.render('key_account_management.portal_my_kam_project', values)
