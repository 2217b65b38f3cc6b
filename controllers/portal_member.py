import contextlib
import io

from werkzeug.exceptions import Forbidden, NotFound

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

    # not read-only: each read of the address book is written in the processing log
    @http.route(['/my/members', '/my/members/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_kam_members(self, page=1, sortby=None, search=None, company=None, **kw):
        values = self._prepare_portal_layout_values()
        url_args = {key: value for key, value in (('search', search), ('company', company)) if value}
        list_values = portal_list_values(
            request.env['kam.member'], '/my/members', self._kam_member_domain(search, company),
            page, sortby, self._kam_member_sortings(), 80, url_args=url_args)
        # the rules chose these members: their numbers as the user may see them
        # (masked unless he is the group's administrator over their company),
        # then their companies and plans read in one batch
        records = list_values.pop('records')
        mobiles = {member.id: member.mobile for member in records}
        masked = {mid for mid, mobile in mobiles.items() if mobile and '*' in mobile}
        if records:
            env = request.env
            env['kam.processing.log']._kam_log('read_list', records, env._(
                "Portal address book read: %(count)s members", count=len(records)))
        members = records.sudo()
        values.update(list_values, members=members, mobiles=mobiles, masked=masked,
                      page_name='kam_member', search=search or '',
                      consent_company_ids=self._kam_consent_company_ids(),
                      company=company or '', companies=self._kam_member_companies(),
                      export_url='/my/members/export?' + '&'.join(
                          f'{key}={value}' for key, value in url_args.items()))
        return request.render('key_account_management.portal_my_kam_members', values)

    def _kam_consent_company_ids(self):
        """Ids of the companies whose members' SMS consents the current
        portal user records: a group administrator's company and those below
        it; nobody else's."""
        partner = request.env.user.partner_id.sudo()
        if not partner.kam_portal_group_admin:
            return set()
        return set(request.env['kam.service.request']._kam_portal_member_companies().ids)

    @http.route('/my/members/<int:member_id>/consent', type='http', auth='user',
                methods=['POST'], website=True)
    def portal_my_kam_member_consent(self, member_id, consent=None, **kw):
        """The group administrator records or withdraws a member's consent to
        marketing SMS: only for a member of his group he reads (the record
        rules) and of a company he administers."""
        member = request.env['kam.member'].search([('id', '=', member_id)])
        if not member:
            raise NotFound()
        if member.sudo().partner_id.id not in self._kam_consent_company_ids():
            raise Forbidden()
        member = member.sudo()
        if consent == 'give' and not member.kam_marketing_consent:
            member._kam_give_consent('portal')
        elif consent == 'withdraw':
            member.action_kam_withdraw_consent()
        return request.redirect('/my/members')

    # not read-only: the export is written in the processing log
    @http.route('/my/members/export', type='http', auth='user')
    def portal_my_kam_members_export(self, search=None, company=None, **kw):
        env = request.env
        records = env['kam.member'].search(self._kam_member_domain(search, company),
                                           order='partner_id, name, id')
        # numbers as the user may see them, before the batch read of the rest
        mobiles = {member.id: member.mobile for member in records}
        env['kam.processing.log']._kam_log('portal_export', records, env._(
            "Portal address book exported: %(count)s members", count=len(records)))
        members = records.sudo()
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
                member.name, mobiles[member.id], member.partner_id.name or '', member.department or '',
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
