from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .test_contract_common import KamContractCommon


@tagged('post_install', '-at_install')
class TestContractReport(KamContractCommon):

    def test_pdf_summary_in_chinese(self):
        today = fields.Date.context_today(self.env.user)
        contract = self._create_contract(title="移动办公服务合同", date_start=today,
                                         date_end=today + timedelta(days=365))
        contract.action_confirm()
        # wkhtmltopdf fetches the styles from the server, which in a test
        # holds no committed assets: render without them rather than wait.
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        Report = self.env['ir.actions.report']
        ref = 'key_account_management.action_report_kam_contract'
        html = Report._render_qweb_html(ref, contract.ids)[0].decode()
        self.assertIn("东方港务集团", html)
        self.assertIn("移动办公服务合同", html)
        self.assertIn(contract.name, html)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(ref, contract.ids)[0]
        self.assertTrue(pdf.startswith(b'%PDF'))
        self.assertIn(b'NotoSansCJK', pdf, "the Chinese text is set in a CJK font")


@tagged('post_install', '-at_install')
class TestContractPortal(HttpCase, KamContractCommon):
    """Customer A (a group HQ) sees its group's contracts, a subsidiary only
    its own, and nobody another customer's, whatever the id or token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_b = cls._create_account("西湖物流有限公司", kam_manager_id=cls.user_kam_other.id)


        cls.portal_a = cls._create_portal_user(cls.account, 'kam_portal_a')
        cls.portal_sub = cls._create_portal_user(cls.subsidiary, 'kam_portal_sub')
        cls.portal_b = cls._create_portal_user(cls.customer_b, 'kam_portal_b')
        today = fields.Date.context_today(cls.env.user)
        dates = {'date_start': today - timedelta(days=100), 'date_end': today + timedelta(days=300)}
        cls.contract_a = cls._create_contract(title="集团专线框架合同", **dates)
        cls.contract_sub = cls._create_contract(title="码头移动办公", partner_id=cls.subsidiary.id, **dates)
        cls.contract_b = cls._create_contract(title="物流专线合同", partner_id=cls.customer_b.id, **dates)
        (cls.contract_a | cls.contract_sub | cls.contract_b).action_confirm()
        cls.draft_a = cls._create_contract(title="草稿合同", **dates)

    def test_record_rules(self):
        Contract = self.env['kam.contract']
        self.assertEqual(Contract.with_user(self.portal_a).search([]),
                         self.contract_a | self.contract_sub, "the HQ sees its subsidiaries' too")
        self.assertEqual(Contract.with_user(self.portal_sub).search([]), self.contract_sub)
        self.assertEqual(Contract.with_user(self.portal_b).search([]), self.contract_b)
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.portal_a).read(['title'])
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.portal_a).write({'title': "changed"})

    def test_home_counter_and_list(self):
        self.authenticate('kam_portal_a', 'kam_portal_a')
        counters = self.make_jsonrpc_request('/my/counters', {'counters': ['kam_contract_count']})
        self.assertEqual(counters['kam_contract_count'], 2)
        page = self.url_open('/my/contracts').text
        self.assertIn(self.contract_a.name, page)
        self.assertIn(self.contract_sub.name, page)
        self.assertNotIn(self.contract_b.name, page)
        self.assertNotIn(self.draft_a.name, page, "drafts are not shown to customers")
        self.assertIn(self.contract_a.name, self.url_open('/my/contracts?sortby=partner').text)

        self.authenticate('kam_portal_sub', 'kam_portal_sub')
        page = self.url_open('/my/contracts').text
        self.assertIn(self.contract_sub.name, page)
        self.assertNotIn(self.contract_a.name, page, "a subsidiary does not see its HQ's")

        self.authenticate('kam_portal_b', 'kam_portal_b')
        counters = self.make_jsonrpc_request('/my/counters', {'counters': ['kam_contract_count']})
        self.assertEqual(counters['kam_contract_count'], 1)

    @mute_logger('odoo.http', 'odoo.addons.http_routing.models.ir_http')
    def test_detail_and_pdf_only_for_own_group(self):
        self.authenticate('kam_portal_a', 'kam_portal_a')
        response = self.url_open(f'/my/contracts/{self.contract_sub.id}')
        self.assertEqual(response.status_code, 200)
        self.assertIn("码头移动办公", response.text)
        self.assertIn('o_portal_chatter', response.text)
        response = self.url_open(f'/my/contracts/{self.contract_a.id}?report_type=pdf&download=true')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        self.assertIn(self.contract_a.name, response.text)

        self.contract_b._portal_ensure_token()
        guessed = ['', 'x' * 36, self.contract_a._portal_ensure_token()]
        for url in [f'/my/contracts/{self.contract_b.id}',
                    f'/my/contracts/{self.contract_b.id}?report_type=pdf',
                    f'/my/contracts/{self.draft_a.id}',
                    f'/my/contracts/{self.contract_b.id + 1000}'] + [
                    f'/my/contracts/{self.contract_b.id}?report_type=pdf&access_token={token}'
                    for token in guessed]:
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertTrue(response.url.endswith('/my'), response.url)
                self.assertNotIn("物流专线合同", response.text)
                self.assertNotIn(self.contract_b.name, response.text)

        self.authenticate(None, None)
        response = self.url_open(f'/my/contracts/{self.contract_a.id}')
        self.assertNotIn("集团专线框架合同", response.text, "the public cannot read it")

    @mute_logger('odoo.http')
    def test_portal_chatter_question(self):
        self.authenticate('kam_portal_a', 'kam_portal_a')
        self.make_jsonrpc_request('/mail/message/post', {
            'thread_model': 'kam.contract', 'thread_id': self.contract_a.id,
            'post_data': {'body': "请问续签流程？", 'message_type': 'comment'}})
        self.assertTrue(self.contract_a.message_ids.filtered(
            lambda m: m.author_id == self.portal_a.partner_id and "续签" in m.body))
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request('/mail/message/post', {
                'thread_model': 'kam.contract', 'thread_id': self.contract_b.id,
                'post_data': {'body': "snooping", 'message_type': 'comment'}})
        self.assertFalse(self.contract_b.message_ids.filtered(lambda m: "snooping" in (m.body or '')))


@tagged('post_install', '-at_install')
class TestContractTour(HttpCase, KamContractCommon):

    def test_contract_tour(self):
        self.account.name = "Tour Harbour Group"
        self.start_tour("/odoo", "kam_contract_tour", login=self.user_kam.login)
        contract = self.env['kam.contract'].search([('title', '=', "Tour mobile office")])
        self.assertEqual(contract.state, 'active')
        self.assertEqual(contract.partner_id, self.account)
        self.assertEqual(contract.date_end, date(2030, 12, 31))
