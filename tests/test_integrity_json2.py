from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_integrity import KamIntegrityCommon


@tagged('post_install', '-at_install')
class TestIntegrityJson2(HttpCase, KamIntegrityCommon):
    """What an integrator sends over JSON-2 with an API key: wrong values
    answer 422 with a clear message in the call's language (never a 500
    with a traceback), and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('zh_CN')
        cls.env['ir.module.module']._load_module_terms(
            ['base', 'key_account_management'], ['zh_CN'], overwrite=True)
        cls.key = cls.env['res.users.apikeys'].with_user(cls.user_kam).sudo()._generate(
            'rpc', "billing sync", fields.Datetime.now() + timedelta(days=1))

    def _json2(self, path, payload):
        with mute_logger('odoo.http', 'odoo.sql_db'):
            return self.url_open(f'/json/2/{path}', json=payload, headers={
                'Authorization': f'bearer {self.key}'})

    def assertRefused(self, response, text, name='odoo.exceptions.ValidationError'):
        self.assertEqual(response.status_code, 422, response.text[:2000])
        body = response.json()
        self.assertEqual(body['name'], name)
        self.assertIn(text, body['message'])
        return body['message']

    def test_wrong_types_answer_422(self):
        today = fields.Date.context_today(self.env.user)
        contract = {'title': "Typed wrong", 'partner_id': self.group_a.id,
                    'date_start': str(today), 'date_end': str(today + timedelta(days=30))}
        member = {'name': "王芳", 'partner_id': self.group_a.id, 'mobile': "13905718888"}
        work_order = {'type_id': self.type_fault.id, 'partner_id': self.group_a.id,
                      'contact_phone': "13805710001"}
        partner = {'ids': [self.group_a.id]}
        cases = (
            ('kam.contract/create', {'vals_list': [dict(contract, partner_id="abc")]},
             "Account: give the id of a record (a whole number), not “abc”"),
            ('kam.contract/create', {'vals_list': [dict(contract, amount="abc")]},
             "Contract Value: give a number"),
            ('kam.contract/create', {'vals_list': [dict(contract, amount=1e20)]},
             "Contract Value: give a number between -1,000,000,000,000 and 1,000,000,000,000"),
            ('kam.contract/create', {'vals_list': [dict(contract, date_end="31/12/2026")]},
             "End Date: give a date written YYYY-MM-DD, not “31/12/2026”"),
            ('kam.contract/create', {'vals_list': [dict(contract, title="x" * 100000)]},
             "Title: 100000 characters is too long; 256 at most"),
            ('res.partner/write', dict(partner, vals={'kam_handset_count': "abc"}),
             "Handsets / Lines: give a whole number"),
            ('res.partner/write', dict(partner, vals={'kam_handset_count': 10 ** 12}),
             "Handsets / Lines: give a whole number between -2147483648 and 2147483647"),
            ('kam.service.request/create', {'vals_list': [dict(work_order, priority="9")]},
             "Priority: give one of 0 (Normal), 1 (High), 2 (Urgent), not “9”"),
            ('kam.member/create', {'vals_list': [dict(member, mobile="13800abc000")]},
             "“13800abc000” is not a valid Chinese mobile number"),
            ('kam.member/create', {'vals_list': [dict(member, email="not-an-email")]},
             "“not-an-email” is not an e-mail address"),
            ('kam.member/create', {'vals_list': [dict(member, name="张" * 20000)]},
             "20000 characters is too long; 100 at most"),
        )
        for path, payload, text in cases:
            with self.subTest(path=path, text=text):
                self.assertRefused(self._json2(path, payload), text)
        self.assertFalse(self.env['kam.contract'].search([('title', '=', "Typed wrong")]))
        self.assertFalse(self.env['kam.member'].search([('name', '=', "王芳")]))
        self.assertFalse(self.env['kam.service.request'].search([('partner_id', '=', self.group_a.id)]))
        self.assertEqual(self.group_a.kam_handset_count, 0)

    def test_wrong_types_in_the_callers_language(self):
        response = self._json2('kam.contract/create', {
            'vals_list': [{'title': "x", 'partner_id': "!!"}], 'context': {'lang': 'zh_CN'}})
        message = self.assertRefused(response, "“!!”")
        # the message as the model gives it in Chinese (its field in Chinese)
        Contract = self.env['kam.contract'].with_context(lang='zh_CN')
        label = Contract._fields['partner_id']._description_string(Contract.env)
        self.assertTrue(message.startswith(label), message)
        self.assertEqual(label, "客户")

    def test_an_active_contract_keeps_its_customer_and_number(self):
        contract = self._contract()
        contract.action_confirm()
        number = contract.name
        response = self._json2('kam.contract/write', {
            'ids': [contract.id], 'vals': {'partner_id': self.sub_a.id, 'name': "HT-FORGED"}})
        self.assertRefused(response, "is no longer a draft", name='odoo.exceptions.UserError')
        self.assertEqual((contract.partner_id, contract.name), (self.group_a, number))
        response = self._json2('kam.contract/write', {
            'ids': [contract.id], 'vals': {'title': "Private 5G, phase 2"}})
        self.assertEqual(response.status_code, 200, response.text[:2000])

    def test_database_constraints_in_the_callers_language(self):
        zh = {'lang': 'zh_CN'}
        response = self._json2('res.partner/write', {
            'ids': [self.group_a.id], 'vals': {'kam_handset_count': -5}, 'context': zh})
        message = self.assertRefused(response, "手机用户数不能为负数。")
        self.assertIn("操作无法完成", message)
        self._contract(external_ref='BILL-9')
        today = str(fields.Date.context_today(self.env.user))
        response = self._json2('kam.contract/create', {'vals_list': [{
            'title': "Twin", 'partner_id': self.group_a.id, 'external_ref': 'BILL-9',
            'date_start': today, 'date_end': today}], 'context': zh})
        self.assertRefused(response, "该外部编号已被本公司的另一份合同使用。")
        self.assertEqual(self.group_a.kam_handset_count, 0)
        # without a language in the call: the key user's
        response = self._json2('res.partner/write', {
            'ids': [self.group_a.id], 'vals': {'kam_handset_count': -5}})
        self.assertRefused(response, "Handsets cannot be negative.")
        self.user_kam.lang = 'zh_CN'
        response = self._json2('res.partner/write', {
            'ids': [self.group_a.id], 'vals': {'kam_handset_count': -5}})
        self.assertRefused(response, "手机用户数不能为负数。")
