import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_privacy import CONTACT_A, FULL_A, FULL_SUB, MASKED_A, MASKED_CONTACT_A, MASKED_SUB, KamPrivacyCommon


@tagged('post_install', '-at_install')
class TestPrivacyMaskingHttp(HttpCase, KamPrivacyCommon):
    """The paths over HTTP: the portal's address book and its export, and
    JSON-2 with an API key."""

    def _export(self, login):
        self.authenticate(login, login)
        response = self.url_open('/my/members/export')
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}

    def test_portal_address_book(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open('/my/members').text
        self.assertIn(FULL_A, page)
        self.assertIn(FULL_SUB, page)
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open('/my/members').text
        self.assertIn(MASKED_A, page)
        self.assertNotIn(FULL_A, page)
        self.assertNotIn(FULL_SUB, page)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page = self.url_open('/my/members').text
        self.assertNotIn("陈明", page)
        self.assertNotIn(MASKED_A, page)
        log = self.env['kam.processing.log'].search(
            [('kind', '=', 'read_list'), ('user_id', '=', self.portal_sub_a.id)])
        self.assertEqual(log.record_count, 2)

    def test_portal_export(self):
        self.assertEqual(self._export(self.portal_a.login), {"陈明": FULL_A, "刘芳": FULL_SUB})
        self.assertEqual(self._export(self.portal_sub_a.login),
                         {"陈明": MASKED_A, "刘芳": MASKED_SUB})
        self.assertNotIn("陈明", self._export(self.portal_b.login))
        lines = self.env['kam.processing.log'].search([('kind', '=', 'portal_export')])
        self.assertEqual(set(lines.user_id), {self.portal_a, self.portal_sub_a, self.portal_b})
        self.assertEqual(lines.filtered(lambda line: line.user_id == self.portal_a).record_count, 2)

    def _json2(self, user, path, payload):
        key = self.env['res.users.apikeys'].with_user(user).sudo()._generate(
            'rpc', "privacy test", fields.Datetime.now() + timedelta(days=1))
        response = self.url_open(f'/json/2/{path}', json=payload, headers={
            'Authorization': f'bearer {key}'})
        self.assertEqual(response.status_code, 200, response.text[:1000])
        return response.json()

    def test_json2(self):
        members = {'domain': [('id', '=', self.member_a.id)], 'fields': ['mobile', 'display_name']}
        contact = {'ids': self.contact_a.ids, 'fields': ['phone']}
        row = self._json2(self.user_kam_manager, 'kam.member/search_read', members)[0]
        self.assertEqual((row['mobile'], row['display_name']), (MASKED_A, f"陈明 ({MASKED_A})"))
        self.assertEqual(self._json2(self.user_kam_manager, 'res.partner/read', contact)[0]['phone'],
                         MASKED_CONTACT_A)
        self.assertEqual(self._json2(self.user_kam, 'kam.member/search_read', members)[0]['mobile'],
                         FULL_A)
        self.assertEqual(self._json2(self.user_kam, 'res.partner/read', contact)[0]['phone'],
                         CONTACT_A)

    def test_json2_member_reads_logged(self):
        """An integration reading members (search_read, read, web_read) is in
        the processing log like a list read in the web client, one line per
        call, on the primary (the call writes)."""
        Log = self.env['kam.processing.log']
        before = Log.search([])
        self._json2(self.user_kam, 'kam.member/search_read',
                    {'domain': [('id', '=', self.member_a.id)], 'fields': ['mobile']})
        self._json2(self.user_kam_manager, 'kam.member/read',
                    {'ids': self.member_a.ids, 'fields': ['name']})
        self._json2(self.user_kam_manager, 'kam.member/web_read',
                    {'ids': self.member_a.ids, 'specification': {'mobile': {}}})
        self._json2(self.user_kam, 'kam.member/search_count', {'domain': []})
        lines = Log.search([]) - before
        self.assertEqual(sorted(lines.mapped(lambda line: (line.user_id.login, line.kind, line.record_count))),
                         sorted([(self.user_kam.login, 'read_list', 1),
                                 (self.user_kam_manager.login, 'read_list', 1),
                                 (self.user_kam_manager.login, 'read_list', 1)]))
        self.assertTrue(all('API' in line.summary for line in lines))
        self.assertNotIn(FULL_A, ' '.join(lines.mapped('summary')))
        # code reading members inside another call writes nothing
        self.member_a.with_user(self.user_kam).read(['mobile'])
        self.assertEqual(Log.search([]) - before, lines)

    def test_portal_member_change_form(self):
        """The members to pick on a member-change request: named with their
        numbers as the user may read them."""
        member_type = self.env.ref('key_account_management.kam_service_request_type_member')
        url = f'/my/requests/new/{member_type.id}'
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertIn(FULL_A, self.url_open(url).text)
        # the subsidiary's clerk picks among his own company's members
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open(url).text
        self.assertIn(MASKED_SUB, page)
        self.assertNotIn(FULL_SUB, page)
