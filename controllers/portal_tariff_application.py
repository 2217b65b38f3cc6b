from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from ..models.kam_tariff_application_portal import PORTAL_LINE_SLOTS
from .portal_base import KamPortalBase
from .portal_lists import portal_list_values, readonly_unless_submitted


class KamTariffApplicationPortal(KamPortalBase):
    """Tariff and discount applications in the portal: the group's list
    (the record rules keep it to the user's own group), the detail page
    with its state and approved prices, and the group administrator's
    form. Every posted value is checked by the model's portal methods."""

    def _kam_portal_counters(self, counters):
        specs = super()._kam_portal_counters(counters)
        if 'kam_tariff_count' in counters:
            specs['kam_tariff_count'] = (request.env['kam.tariff.application'], [])
        return specs

    def _kam_tariff_sortings(self):
        env = request.env
        return {
            'date': {'label': env._("Newest"), 'order': 'id desc'},
            'state': {'label': env._("Status"), 'order': 'state, id desc'},
            'date_end': {'label': env._("Term End"), 'order': 'date_end desc, id desc'},
        }

    @http.route(['/my/tariffs', '/my/tariffs/page/<int:page>'], type='http', auth='user',
                website=True, readonly=True)
    def portal_my_kam_tariffs(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        list_values = portal_list_values(
            request.env['kam.tariff.application'], '/my/tariffs', [], page, sortby,
            self._kam_tariff_sortings(), self._items_per_page,
            history_key='my_kam_tariffs_history')
        # the rules chose these applications: their accounts read in one batch
        applications = list_values.pop('records').sudo()
        values.update(list_values, applications=applications, page_name='kam_tariff',
                      can_apply=request.env['kam.tariff.application']._kam_portal_can_apply())
        return request.render('key_account_management.portal_my_kam_tariffs', values)

    def _kam_tariff_form_values(self, posted=None, error=None):
        Application = request.env['kam.tariff.application']
        if posted is None:
            # a new form proposes a year from today
            defaults = Application.default_get(['date_start', 'date_end'])
            posted = {name: fields.Date.to_string(value) for name, value in defaults.items()}
        values = self._prepare_portal_layout_values()
        values.update(page_name='kam_tariff_new', companies=Application._kam_portal_companies(),
                      products=Application._kam_portal_products(),
                      line_slots=range(PORTAL_LINE_SLOTS), posted=posted, error=error)
        return values

    @http.route('/my/tariffs/new', type='http', auth='user', website=True, readonly=True)
    def portal_kam_tariff_form(self, **kw):
        if not request.env['kam.tariff.application']._kam_portal_can_apply():
            return request.redirect('/my/tariffs')
        return request.render('key_account_management.portal_kam_tariff_form',
                              self._kam_tariff_form_values())

    @http.route('/my/tariffs/submit', type='http', auth='user', methods=['POST'], website=True)
    def portal_kam_tariff_submit(self, **post):
        try:
            application = request.env['kam.tariff.application']._kam_portal_create(post)
        except AccessError:
            return request.redirect('/my/tariffs')
        except (ValidationError, UserError) as error:
            return request.render('key_account_management.portal_kam_tariff_form',
                                  self._kam_tariff_form_values(post, error.args[0]))
        return request.redirect(f'/my/tariffs/{application.id}?submitted=1')

    @http.route('/my/tariffs/<int:application_id>', type='http', auth='user', website=True,
                readonly=readonly_unless_submitted)
    def portal_my_kam_tariff(self, application_id, **kw):
        application = request.env['kam.tariff.application'].browse(application_id)
        try:
            application.check_access('read')
            application_sudo = application.sudo().exists()
        except (AccessError, MissingError):
            return request.redirect('/my')
        if not application_sudo:
            return request.redirect('/my')
        values = self._get_page_view_values(
            application_sudo, None,
            {'application': application_sudo, 'page_name': 'kam_tariff',
             'submitted': kw.get('submitted')},
            'my_kam_tariffs_history', False, **kw)
        return request.render('key_account_management.portal_my_kam_tariff', values)
