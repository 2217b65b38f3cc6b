import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_agent import KamAgentPortalCase
from .test_service_request_portal import KamPortalCase


def home_card(page, url):
    """The class attribute of the portal home card linking to ``url``."""
    match = re.search(r'<div class="(o_portal_index_card[^"]*)">\s*<a [^>]*href="%s"' % re.escape(url), page)
    return match and match.group(1)


@tagged('post_install', '-at_install')
class TestPortalWorkOrderPages(KamPortalCase):
    """What the customers' work-order pages offer and show: the service
    catalogue, the deadlines and their overdue mark, the account manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env['product.product']
        category = cls.env['kam.service.category'].create({'name': "专线", 'code': 'TEST_LINE'})
        cls.catalogue_service = Product.create({
            'name': "企业专线 100M", 'type': 'service', 'kam_is_service': True,
            'kam_service_category_id': category.id})
        cls.sofa = Product.create({'name': "Two-Seat Sofa", 'sale_ok': True})

    def _submit_install(self, product):
        wished = fields.Date.to_string(fields.Date.today() + timedelta(days=7))
        return self._submit(self.type_install, date_requested=wished, lines=[
            {'operation': 'install', 'product_id': product.id, 'quantity': '1'}])

    def test_new_install_offers_the_service_catalogue_only(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f'/my/requests/new/{self.type_install.id}').text
        self.assertIn("企业专线 100M", page)
        self.assertIn('<optgroup label="专线">', page, "offered by service category")
        self.assertNotIn("Two-Seat Sofa", page)
        self.assertNotIn(self.plan.name, page, "a saleable product outside the catalogue")
        # forged in the post: refused, nothing written
        response = self._submit_install(self.sofa)
        self.assertIn("Choose one of the offered products", response.text)
        self.assertFalse(self._requests())
        response = self._submit_install(self.catalogue_service)
        self.assertEqual(self._requests().line_ids.product_id, self.catalogue_service, re.findall(r"o_kam_request_error[^>]*>([^<]*)", response.text))

    def test_overdue_mark_and_deadlines_without_seconds(self):
        now = fields.Datetime.now().replace(microsecond=0)
        late = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': '1'}])
        on_time = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': '2'}])
        other = self._create_request(self.type_fault, partner=self.group_b,
                                     lines=[{'operation': 'number', 'number': '3'}],
                                     requester_partner_id=self.portal_b.partner_id.id)
        (late | on_time | other).action_submit()
        late.write({'deadline_accept': now - timedelta(days=2), 'deadline_resolve': now - timedelta(days=1, seconds=-37)})
        (on_time | other).write({'deadline_accept': now + timedelta(days=1), 'deadline_resolve': now + timedelta(days=2)})
        self.assertEqual((late | on_time | other).mapped('is_overdue'), [True, False, False])
        self.authenticate(self.portal_a.login, self.portal_a.login)
        rows = dict(re.findall(r'>(WO/[^<]+)</a></td>(.*?)</tr>', self.url_open('/my/requests').text, re.S))
        self.assertIn('o_kam_overdue', rows[late.name])
        self.assertNotIn('o_kam_overdue', rows[on_time.name])
        deadline = fields.Datetime.context_timestamp(late.with_user(self.portal_a), late.deadline_resolve)
        time_format = self.env['res.lang']._lang_get(self.portal_a.lang).time_format
        self.assertIn(deadline.strftime(time_format.replace(':%S', '')), rows[late.name])
        self.assertNotIn(deadline.strftime(time_format), rows[late.name], "deadlines without seconds")
        page = self.url_open(f'/my/requests/{late.id}').text
        self.assertIn('o_kam_request_overdue', page)
        self.assertNotIn('o_kam_request_overdue', self.url_open(f'/my/requests/{on_time.id}').text)
        # the other customer's on-time work order carries no mark
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page = self.url_open('/my/requests').text
        self.assertIn(other.name, page)
        self.assertNotIn('o_kam_overdue', page)
        # done: no longer overdue
        late.action_accept()
        late.action_start()
        late.action_done()
        self.assertFalse(late.is_overdue)

    def test_request_page_shows_accept_by_and_the_account_manager(self):
        self.user_kam.partner_id.phone = "0571-8888 0001"
        self.user_kam_other.partner_id.phone = "0571-8888 0002"
        request_a = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': '1'}])
        request_b = self._create_request(self.type_fault, partner=self.group_b,
                                         lines=[{'operation': 'number', 'number': '2'}],
                                         requester_partner_id=self.portal_b.partner_id.id)
        (request_a | request_b).action_submit()
        (request_a | request_b).write({'deadline_accept': fields.Datetime.now() + timedelta(hours=4),
                                       'deadline_resolve': fields.Datetime.now() + timedelta(days=2)})
        for portal_user, work_order, manager, stranger in (
                (self.portal_a, request_a, self.user_kam, self.user_kam_other),
                (self.portal_b, request_b, self.user_kam_other, self.user_kam)):
            self.authenticate(portal_user.login, portal_user.login)
            page = self.url_open(f'/my/requests/{work_order.id}').text
            self.assertIn('o_kam_request_accept_by', page)
            self.assertIn('o_kam_account_manager', page)
            self.assertIn(manager.name, page)
            self.assertIn(manager.partner_id.phone, page)
            self.assertNotIn(stranger.name, page)
            self.assertIn(f'<title>{work_order.display_name}</title>', page)
        # once accepted, only the resolve-by time is left to keep
        request_a.action_accept()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f'/my/requests/{request_a.id}').text
        self.assertNotIn('o_kam_request_accept_by', page)
        self.assertIn('o_kam_request_resolve_by', page)

    def test_form_says_which_company_the_order_is_for(self):
        # the subsidiary's clerk raises for her company only: it is named
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open(f'/my/requests/new/{self.type_fault.id}').text
        self.assertRegex(page, r'<input id="kam_partner_name"[^>]*value="华东电力有限公司"')
        # the HQ chooses among its group
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f'/my/requests/new/{self.type_fault.id}').text
        self.assertIn('<select id="kam_partner_id"', page)
        self.assertIn("华东电力有限公司", page)
        self.assertNotIn("西湖物流有限公司", page)

    def test_requests_card_shown_to_customers_at_zero(self):
        outsider_company = self.env['res.partner'].create({'name': "Not A Key Account", 'is_company': True})
        outsider = self._create_portal_user(outsider_company, 'kam_portal_outsider')
        for user, shown in ((self.portal_b, True), (outsider, False)):
            self.authenticate(user.login, user.login)
            card = home_card(self.url_open('/my').text, '/my/requests')
            self.assertEqual('d-none' not in card, shown, user.login)


@tagged('post_install', '-at_install')
class TestAgentPortalCounts(KamAgentPortalCase):
    """The agent's accounts page counts the open work orders its Requests
    page lists; its home offers the Requests; its way to raise one is an
    account it serves."""

    def _open_count(self, account):
        page = self.url_open('/my/kam/agent/accounts').text
        row = re.search(r'<td>%s</td>.*?<td class="text-end">(\d+)</td>' % re.escape(account.name), page, re.S)
        return int(row.group(1))

    def test_accounts_and_requests_count_the_same_work_orders(self):
        # the customer's own open work order: the agent neither lists nor counts it
        customer_order = self.env['kam.service.request'].create({
            'type_id': self.type_fault.id, 'partner_id': self.account_a.id, 'contact_phone': '13805710001',
            'requester_partner_id': self.portal_customer.partner_id.id,
            'requester_user_id': self.portal_customer.id, 'description': "Customer's own",
            'line_ids': [fields.Command.create({'operation': 'number', 'number': '13805710001'})]})
        customer_order.action_submit()
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        self.assertEqual(self._open_count(self.account_a), 0)
        self.assertNotIn(customer_order.name, self.url_open('/my/requests?filterby=open').text)
        response = self._post(f'/my/kam/agent/accounts/{self.account_a.id}/request', {
            'type_id': self.type_fault.id, 'number': '13805719911', 'contact_phone': '13805716620',
            'description': "No signal"})
        agent_order = self._requests(self.account_a) - customer_order
        self.assertTrue(agent_order, re.findall(r"o_kam_request_error[^>]*>([^<]*)", response.text))
        self.assertEqual(self._open_count(self.account_a), 1)
        listed = re.findall(r'>(WO/[^<]+)</a>', self.url_open('/my/requests?filterby=open').text)
        self.assertEqual(listed, [agent_order.name])
        Request = self.env['kam.service.request'].with_user(self.portal_agent_a)
        self.assertEqual(Request._kam_portal_open_counts(self.account_a), {self.account_a.id: 1})
        # the other agent counts nothing of it
        self.authenticate(self.portal_agent_b.login, self.portal_agent_b.login)
        self.assertEqual(self._open_count(self.account_b), 0)
        self.assertFalse(re.findall(r'>(WO/[^<]+)</a>', self.url_open('/my/requests').text))

    def test_home_offers_requests_and_raising_goes_through_an_account(self):
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        card = home_card(self.url_open('/my').text, '/my/requests')
        self.assertNotIn('d-none', card, "the Requests card shows before the first work order")
        for url in ('/my/requests/new', f'/my/requests/new/{self.type_fault.id}'):
            response = self.url_open(url)
            self.assertTrue(response.url.endswith('/my/kam/agent/accounts'), url)
            self.assertIn("Tour Served Port", response.text)
        page = self.url_open(f'/my/kam/agent/accounts/{self.account_a.id}/request').text
        self.assertIn("Work order for Tour Served Port", page)


@tagged('post_install', '-at_install')
class TestPortalLayout(KamPortalCase):
    """The portal's frame in the user's language: the company's name where
    it has no logo, tab titles naming the page, dates with their year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('zh_CN')
        cls.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        cls.portal_sub_a.lang = 'zh_CN'

    def test_company_name_instead_of_the_logo_placeholder(self):
        company = self.env.company
        self.assertTrue(company.uses_default_logo)
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open('/my').text
        self.assertIn(f'<span class="o_kam_company_name fs-5 fw-bold">{company.name}</span>', page)
        self.assertNotIn('/logo.png?company=', page)
        self.logout()
        page = self.url_open('/web/login').text
        self.assertIn(f'<div class="o_kam_company_name fs-4 fw-bold">{company.name}</div>', page)
        self.assertIn(f'<title>{company.name}</title>', page)
        self.assertNotIn('/web/binary/company_logo', page)
        # a company with its own logo shows it
        company.logo = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
        page = self.url_open('/web/login').text
        self.assertIn('/web/binary/company_logo', page)
        self.assertNotIn('o_kam_company_name', page)
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open('/my').text
        self.assertIn(f'/logo.png?company={company.id}', page)
        self.assertNotIn('o_kam_company_name', page)

    def test_tab_titles_in_the_users_language(self):
        work_order = self._create_request(self.type_fault, partner=self.sub_a,
                                          lines=[{'operation': 'number', 'number': '1'}])
        work_order.action_submit()
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        for url, title in (
                ('/my', "我的账户"),
                ('/my/requests', "业务需求"),
                ('/my/requests/new', "新建需求"),
                (f'/my/requests/new/{self.type_fault.id}', "故障申告"),
                (f'/my/requests/{work_order.id}', f"{work_order.name} 故障申告"),
                ('/my/contracts', "合同"),
                ('/my/kam_projects', "项目"),
                ('/my/members', "集团通讯录")):
            self.assertIn(f'<title>{title}</title>', self.url_open(url).text, url)

    def test_chatter_texts_in_the_users_language(self):
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        modules = self.url_open('/website/translations?lang=zh_CN').json()['modules']
        self.assertIn("对话内容为空", {message['string'] for message in modules.get('mail', {}).get('messages', [])})

    def test_chatter_dates_carry_their_year(self):
        """In Chromium: a message of earlier this year shows its year."""
        now = fields.Datetime.now()
        when = now - timedelta(days=3)
        if when.year != now.year:
            self.skipTest("no day of this year before yesterday")
        work_order = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': '1'}])
        work_order.action_submit()
        message = work_order.message_post(body="Line checked on site", message_type='comment',
                                          subtype_xmlid='mail.mt_comment',
                                          author_id=self.user_kam.partner_id.id)
        message.date = when
        self.start_tour(f'/my/requests/{work_order.id}', 'kam_portal_chatter_year_tour',
                        login=self.portal_a.login)
