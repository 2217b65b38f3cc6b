from datetime import timedelta

from lxml import etree

import odoo.modules.module
from odoo import fields
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

from .common import KamCommon
from .common_project import KamProjectCommon


class TestAnalysisViews(KamCommon):
    """Every pivot and graph of the addon opens: each measure has an
    aggregator the web client can ask for, and the grouped read works."""

    def test_every_pivot_and_graph_measure_aggregates(self):
        self._create_account("杭州地铁集团", kam_monthly_revenue=50000, kam_handset_count=300)
        self._create_account("宁波港务", kam_monthly_revenue=20000, kam_manager_id=self.user_kam_other.id)
        views = self.env['ir.ui.view'].search([
            ('type', 'in', ('pivot', 'graph')),
            ('model_data_id.module', '=', 'key_account_management')])
        self.assertGreaterEqual(len(views), 4)
        for view in views:
            # the department head, or the administrators for what only they read (the processing log)
            user = self.user_kam_manager
            if not self.env[view.model].with_user(user).has_access('read'):
                user = self.user_kam_admin
            model = self.env[view.model].with_user(user)
            result = model.get_views([(view.id, view.type)])
            arch = etree.fromstring(result['views'][view.type]['arch'])
            field_infos = result['models'][view.model]['fields']
            measures = [node.get('name') for node in arch.iter('field')
                        if node.get('type') == 'measure'
                        or (view.type == 'graph' and field_infos[node.get('name')]['type']
                            in ('integer', 'float', 'monetary'))]
            # a date groups by its interval, as the web client asks
            groupby = [node.get('name') + (f":{node.get('interval')}" if node.get('interval') else '')
                       for node in arch.iter('field')
                       if node.get('type') in ('row', 'col')
                       or (view.type == 'graph' and node.get('name') not in measures)]
            for measure in measures:
                with self.subTest(view=view.xml_id, measure=measure):
                    aggregator = field_infos[measure].get('aggregator')
                    self.assertTrue(aggregator, "the web client refuses a measure without aggregator")
                    rows = model.formatted_read_group(
                        [], groupby[:1], [f'{measure}:{aggregator}', '__count'])
                    self.assertIsInstance(rows, list)

    def test_revenue_sums_in_the_pivot(self):
        self._create_account("杭州地铁集团", kam_monthly_revenue=50000)
        self._create_account("宁波港务", kam_monthly_revenue=20000)
        Partner = self.env['res.partner'].with_user(self.user_kam_manager)
        self.assertEqual(Partner.fields_get(['kam_monthly_revenue'])['kam_monthly_revenue']['aggregator'], 'sum')
        rows = Partner.formatted_read_group(
            [('kam_is_key_account', '=', True)], [], ['kam_monthly_revenue:sum'])
        self.assertEqual(rows[0]['kam_monthly_revenue:sum'], 70000)


class TestAccountScreens(KamCommon):
    """The account form, group structure and decision map as an account
    manager reads them."""

    def _arch(self, xmlid, view_type='form', model='res.partner'):
        view = self.env.ref(xmlid)
        result = self.env[model].with_user(self.user_kam).get_views([(view.id, view_type)])
        return etree.fromstring(result['views'][view_type]['arch'])

    def test_key_account_tab_comes_first(self):
        arch = self._arch('base.view_partner_form')
        pages = arch.xpath('//notebook[1]/page')
        self.assertEqual(pages[0].get('name'), 'key_account')
        self.assertFalse(arch.xpath("//page[@autofocus]"), "no other tab grabs the focus")

    def test_one_industry(self):
        energy_std = self.env.ref('base.res_partner_industry_D')
        self.assertEqual(self.industry_energy.industry_id, energy_std)
        account = self._create_account("华东能源集团", kam_industry_id=self.industry_energy.id)
        self.assertEqual(account.industry_id, energy_std, "Odoo's industry follows ours")
        account.kam_industry_id = self.industry_gov
        self.assertEqual(account.industry_id, self.env.ref('base.res_partner_industry_O'))
        with Form(account.with_user(self.user_kam)) as form:
            form.kam_industry_id = self.industry_energy
            self.assertEqual(form.industry_id, energy_std)
        industry_node = self._arch('base.view_partner_form').xpath("//field[@name='industry_id']")[0]
        self.assertIn('kam_is_key_account', industry_node.get('invisible'),
                      "Odoo's industry is not shown beside ours on a key account")

    def test_group_structure_opens_on_group_customers(self):
        hq = self._create_account("华东能源集团")
        self._create_account("华东电力", parent_id=hq.id)
        self._create_account("单体客户")
        plain = self.env['res.partner'].create({'name': "Some Supplier", 'is_company': True})
        self.env['res.partner'].create({'name': "Supplier Branch", 'is_company': True, 'parent_id': plain.id})
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_group_hierarchy')
        search = self._arch('key_account_management.res_partner_view_search_key_accounts', 'search')
        context = safe_eval(action['context'])
        filters = [node for node in search.xpath('//filter')
                   if context.get(f"search_default_{node.get('name')}")]
        self.assertEqual([node.get('name') for node in filters], ['group_customers'])
        domain = fields.Domain.AND([safe_eval(action['domain']), safe_eval(filters[0].get('domain'))])
        self.assertEqual(self.env['res.partner'].search(domain), hq, "only group customers, not every company")

    def test_group_chart_shows_companies_not_their_contacts(self):
        hq = self._create_account("华东能源集团")
        power = self._create_account("华东电力", parent_id=hq.id)
        self._create_contact(hq, "陈建国")
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_group_hierarchy')
        Partner = self.env['res.partner'].with_user(self.user_kam).with_context(**safe_eval(action['context']))
        rows = Partner.hierarchy_read([('id', '=', hq.id)], {'display_name': {}}, 'parent_id', 'kam_subsidiary_ids')
        self.assertEqual({row['id'] for row in rows}, {hq.id, power.id})

    def test_decision_map_columns_in_buying_order(self):
        # as the kanban asks: every column, even empty
        rows = self.env['res.partner'].with_context(read_group_expand=True).formatted_read_group(
            [('id', '=', 0)], ['kam_buying_role'], ['__count'])
        self.assertEqual([row['kam_buying_role'] for row in rows],
                         ['decision_maker', 'influencer', 'user', 'gatekeeper', 'blocker'])
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_decision_map')
        self.assertIn("'search_default_group_by_company': 1", action['context'], "the menu groups by account")
        account = self._create_account("华东能源集团")
        self.assertEqual(account.action_kam_view_decision_map()['views'][0][1], 'kanban',
                         "an account's map opens on the role columns")

    def test_chinese_address_without_dangling_comma(self):
        account = self._create_account("华东能源集团", street="钱江路 1 号", city="杭州",
                                       country_id=self.env.ref('base.cn').id)
        lines = account._display_address().split('\n')
        self.assertTrue(lines)
        self.assertFalse([line for line in lines if line.rstrip().endswith(',') or not line.strip()], lines)


class TestSubsidiaryAddress(KamCommon):
    """A subsidiary made in one go, in a data file as in the demo or by a
    create, keeps the address it is given."""

    def _load(self, xmlid, values):
        return self.env['res.partner']._load_records([{
            'xml_id': f'key_account_management.{xmlid}', 'values': values, 'noupdate': True}])

    def test_data_file_subsidiary_keeps_its_own_address(self):
        hq = self._load('test_hq', {
            'name': "华东能源集团", 'is_company': True, 'city': "杭州", 'street': "钱江路 1 号",
            'country_id': self.env.ref('base.cn').id})
        sub = self._load('test_sub', {
            'name': "华东燃气", 'is_company': True, 'parent_id': hq.id,
            'city': "宁波", 'street': "中山东路 66 号"})
        bare = self._load('test_bare', {'name': "华东电力设计院", 'is_company': True, 'parent_id': hq.id})
        clerk = self._load('test_clerk', {'name': "吴芳", 'parent_id': sub.id})
        self.assertEqual((sub.city, sub.street, sub.country_id), ("宁波", "中山东路 66 号", self.env['res.country']))
        self.assertFalse(bare.street, "a subsidiary never takes its group's address")
        self.assertEqual((clerk.city, clerk.street), ("宁波", "中山东路 66 号"), "people follow their company")
        self.assertEqual((hq.city, hq.street), ("杭州", "钱江路 1 号"))

    def test_create_subsidiary_keeps_its_own_address(self):
        hq = self._create_account("华东能源集团", city="杭州", street="钱江路 1 号")
        sub = self._create_account("华东电力", parent_id=hq.id, city="杭州", street="解放东路 18 号")
        self.assertEqual(sub.street, "解放东路 18 号")
        self.assertEqual(hq.street, "钱江路 1 号")


class TestContractListTotal(KamCommon):

    def test_list_total_counts_a_framework_through_its_calloffs(self):
        account = self._create_account("东方港务集团")
        today = fields.Date.context_today(self.env['kam.contract'])
        dates = {'partner_id': account.id, 'date_start': today - timedelta(days=10),
                 'date_end': today + timedelta(days=300)}
        Contract = self.env['kam.contract']
        framework = Contract.create(dict(dates, title="框架合同", is_framework=True, amount=1000000))
        Contract.create(dict(dates, title="子合同一", framework_id=framework.id, amount=300000))
        Contract.create(dict(dates, title="子合同二", framework_id=framework.id, amount=200000))
        Contract.create(dict(dates, title="移动办公", amount=50000))
        Contract.search([('partner_id', '=', account.id)]).action_confirm()

        list_view = self.env.ref('key_account_management.kam_contract_view_list')
        arch = etree.fromstring(Contract.get_views([(list_view.id, 'list')])['views']['list']['arch'])
        summed = [node.get('name') for node in arch.iter('field') if node.get('sum')]
        self.assertEqual(summed, ['counted_amount'], "one total, the one the account uses")
        total = Contract.formatted_read_group(
            [('partner_id', '=', account.id)], [], ['counted_amount:sum'])[0]['counted_amount:sum']
        self.assertEqual(total, 550000)
        self.assertEqual(account.kam_contract_value, total)


@tagged('post_install', '-at_install')
class TestPortalScreens(HttpCase, KamProjectCommon):
    """The portal home shows its counters and tells the cards apart; status
    badges carry their colour; a project page flags the overdue department
    and takes questions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls._create_contact(cls.account_a, "刘洋", email="liuyang@example.com")
        cls.portal_a = new_test_user(cls.env, login='kam_ui_portal', password='kam_ui_portal',
                                     groups='base.group_portal', partner_id=contact.id)
        today = fields.Date.context_today(cls.env['kam.contract'])
        cls.contract = cls.env['kam.contract'].create({
            'title': "集团专线", 'partner_id': cls.account_a.id, 'amount': 1000,
            'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=300)})
        cls.contract.action_confirm()
        cls.line_network.date_expected = today - timedelta(days=2)

    def setUp(self):
        super().setUp()
        self.authenticate('kam_ui_portal', 'kam_ui_portal')

    def test_home_cards_show_counters_with_their_own_icons(self):
        home = etree.fromstring(self.url_open('/my').text, etree.HTMLParser())
        cards = {}
        for counter in ('kam_contract_count', 'kam_project_count'):
            span = home.xpath(f"//*[@data-placeholder_count='{counter}']")
            self.assertTrue(span, counter)
            self.assertNotIn('d-none', span[0].get('class'), "the counter is shown, not hidden")
            card = span[0].xpath("ancestor::a[1]")[0]
            cards[counter] = card.xpath(".//img/@src")[0]
        self.assertNotEqual(cards['kam_contract_count'], cards['kam_project_count'])
        counters = self.make_jsonrpc_request('/my/counters', {
            'counters': ['kam_contract_count', 'kam_project_count']})
        self.assertEqual(counters, {'kam_contract_count': 1, 'kam_project_count': 1})

    def test_contract_status_badges_are_coloured(self):
        page = self.url_open('/my/contracts').text
        self.assertIn('o_kam_contract_state badge rounded-pill text-bg-success', page)
        self.contract.state = 'expiring'
        page = self.url_open(f'/my/contracts/{self.contract.id}').text
        self.assertIn('o_kam_contract_state badge rounded-pill text-bg-warning', page)

    def test_project_page_flags_overdue_department_and_takes_questions(self):
        page = etree.fromstring(self.url_open(f'/my/kam_projects/{self.project_a.id}').text,
                                etree.HTMLParser())
        overdue = page.xpath("//tr[contains(@class, 'o_kam_task_overdue')]")
        self.assertEqual([row.xpath("string(td[1])").strip() for row in overdue], ["Network Operations"])
        self.assertTrue(page.xpath("//*[@id='kam_project_communication']"))
        self.make_jsonrpc_request('/mail/message/post', {
            'thread_model': 'kam.project', 'thread_id': self.project_a.id,
            'post_data': {'body': "请问网络部分何时完成？", 'message_type': 'comment'}})
        self.assertTrue(self.project_a.message_ids.filtered(
            lambda m: m.author_id == self.portal_a.partner_id and "何时完成" in m.body))


class TestAppsPage(KamCommon):

    def test_apps_page_in_chinese_with_pictures_that_fit(self):
        module = self.env['ir.module.module'].search([('name', '=', 'key_account_management')])
        english = module.description_html
        self.assertIn("Contracts", english)
        self.assertIn("Delivery projects", english)
        self.env['res.lang']._activate_lang('zh_CN')
        chinese = module.with_context(lang='zh_CN').description_html
        self.assertIn("政企大客户管理", chinese)
        self.assertIn("/key_account_management/static/description/kam_accounts_list.png", chinese)
        for html in (english, chinese):
            page = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
            images = page.xpath('//img')
            self.assertTrue(images)
            for image in images:
                self.assertIn('max-width: 100%', image.get('style') or '', "a picture never overflows its box")


class TestDemoChatter(KamCommon):

    def test_demo_records_start_without_a_mixed_language_creation_line(self):
        # Data files load with lang=None (English model names) while mail's
        # "%s created" falls back to the installing user's language.
        manifest = odoo.modules.module.get_manifest('key_account_management')
        for path in manifest['demo']:
            with self.subTest(path=path), file_open(f'key_account_management/{path}', 'rb') as demo:
                root = etree.parse(demo).getroot()
                self.assertTrue(safe_eval(root.get('context') or '{}').get('mail_create_nolog'))
