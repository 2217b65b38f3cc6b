import contextlib
import io

from odoo import http
from odoo.http import content_disposition, request

from ..wizards.kam_xlsx_stream import text_workbook
from .portal_base import KamPortalBase
from .portal_lists import portal_list_values

ENROLLED = ('active', 'suspended')


class KamMemberPortal(KamPortalBase):
    """The group's address book: the members of the customer's own group,
    searchable, paged and exportable to xlsx. The record rules keep it to the
    user's group; names of companies and plans are read after that check."""

    def _kam_portal_counters(self, counters):
        specs = super()._kam_portal_counters(counters)
        if 'kam_member_count' in counters:
            specs['kam_member_count'] = (request.env['kam.member'], [('state', 'in', ENROLLED)])
        return specs

    def _kam_member_sortings(self):
        env = request.env
        return {
            'name': {'label': env._("Name"), 'order': 'name, id'},
            'department': {'label': env._("Department"), 'order': 'department, name, id'},
            'company': {'label': env._("Company"), 'order': 'partner_id, name, id'},
        }

    def _kam_member_domain(self, search=None, company=None):
        domain = [('state', 'in', ENROLLED)]
        if search:
            search = search.strip()
            domain += ['|', '|', ('name', 'ilike', search), ('mobile', 'ilike', search),
                       ('department', 'ilike', search)]
        if company:
            # a company id that is no number filters nothing
            with contextlib.suppress(ValueError):
                domain.append(('partner_id', '=', int(company)))
        return domain

    def _kam_member_companies(self):
        """The companies of the user's group that have members they can read."""
        groups = request.env['kam.member']._read_group(
            [('state', 'in', ENROLLED)], ['partner_id'], ['__count'])
        return request.env['res.partner'].sudo().browse(
            [partner.id for partner, _count in groups]).sorted('kam_group_path')

    @http.route(['/my/members', '/my/members/page/<int:page>'], type='http', auth='user',
                website=True, readonly=True)
    def portal_my_kam_members(self, page=1, sortby=None, search=None, company=None, **kw):
        values = self._prepare_portal_layout_values()
        url_args = {key: value for key, value in (('search', search), ('company', company)) if value}
        list_values = portal_list_values(
            request.env['kam.member'], '/my/members', self._kam_member_domain(search, company),
            page, sortby, self._kam_member_sortings(), 80, url_args=url_args)
        # the rules chose these members: their companies and plans are read in one batch
        members = list_values.pop('records').sudo()
        values.update(list_values, members=members, page_name='kam_member', search=search or '',
                      company=company or '', companies=self._kam_member_companies(),
                      export_url='/my/members/export?' + '&'.join(
                          f'{key}={value}' for key, value in url_args.items()))
        return request.render('key_account_management.portal_my_kam_members', values)

    @http.route('/my/members/export', type='http', auth='user', readonly=True)
    def portal_my_kam_members_export(self, search=None, company=None, **kw):
        env = request.env
        members = env['kam.member'].search(self._kam_member_domain(search, company),
                                           order='partner_id, name, id').sudo()
        output = io.BytesIO()
        # names and numbers as the members typed them: text, never a formula
        workbook = text_workbook(output, {'in_memory': True})
        sheet = workbook.add_worksheet(env._("Address Book")[:31])
        bold = workbook.add_format({'bold': True, 'bg_color': '#E9ECEF', 'border': 1})
        headers = [env._("Name"), env._("Mobile"), env._("Company"), env._("Department"),
                   env._("Position"), env._("Email"), env._("Service Plan"), env._("Status"),
                   env._("Join Date")]
        widths = [16, 14, 28, 16, 16, 26, 20, 10, 12]
        for col, (header, width) in enumerate(zip(headers, widths)):
            sheet.write(0, col, header, bold)
            sheet.set_column(col, col, width)
        states = dict(members._fields['state']._description_selection(env))
        for row, member in enumerate(members, start=1):
            sheet.write_row(row, 0, [
                member.name, member.mobile, member.partner_id.name or '', member.department or '',
                member.job_title or '', member.email or '', member.product_id.name or '',
                states.get(member.state, ''),
                member.date_join.isoformat() if member.date_join else '',
            ])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(members), 1), len(headers) - 1)
        workbook.close()
        return request.make_response(output.getvalue(), headers=[
            ('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
            ('Content-Disposition', content_disposition(env._("address_book") + '.xlsx')),
        ])
