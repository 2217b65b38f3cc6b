from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import HOST
from odoo.tools import config
from odoo.tools.safe_eval import safe_eval, time

from .common_retention import KamRetentionCommon

REPORT = 'key_account_management.action_report_kam_account_dossier'


@tagged('post_install', '-at_install')
class TestAccountDossier(KamRetentionCommon):
    """The account dossier PDF: what it shows of a group customer, in the
    reader's language, with the reader's rights, at a cost that does not
    grow with the account's contracts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(cls.TODAY):
            cls._build_account()

    @classmethod
    def _build_account(cls):
        today = cls.TODAY
        # profile and tier: classified by the rules, with their reason
        cls.group_a.write({'kam_tier_locked': False, 'kam_handset_count': 1800,
                           'kam_customer_since': date(2012, 5, 1)})
        cls.group_a._kam_classify_tiers()
        cls.sub_a.kam_handset_count = 700
        cls.engineer = new_test_user(cls.env, login='kam_dossier_engineer', name="方工程师",
                                     groups='key_account_management.group_kam_user')
        cls.env['kam.team.member'].create({'partner_id': cls.group_a.id,
                                           'user_id': cls.engineer.id,
                                           'role': 'solution_engineer'})
        # decision map
        cls.gm = cls._create_contact(cls.group_a, "陈建国", function="总经理",
                                     kam_buying_role='decision_maker', kam_attitude='neutral',
                                     kam_influence=5)
        cls.contact_a.write({'kam_buying_role': 'influencer', 'kam_attitude': 'champion',
                             'kam_influence': 4, 'kam_reports_to_id': cls.gm.id})
        # contracts: one expiring in 45 days, one of the subsidiary
        Contract = cls.env['kam.contract']
        cls.contract_expiring = Contract.create({
            'title': "移动办公服务合同", 'partner_id': cls.group_a.id,
            'date_start': today - timedelta(days=300), 'date_end': today + timedelta(days=45),
            'amount': 432000})
        cls.contract_sub = Contract.create({
            'title': "华东电力专线子合同", 'partner_id': cls.sub_a.id,
            'date_start': today - timedelta(days=30), 'date_end': today + timedelta(days=700),
            'amount': 1440000})
        (cls.contract_expiring | cls.contract_sub).action_confirm()
        # a delivery project, one department late with a delay reason
        Department = cls.env['hr.department']
        cls.dept_network = Department.create({'name': "网络运维部"})
        cls.dept_it = Department.create({'name': "IT支撑中心"})
        cls.project = cls.env['kam.project'].create({
            'name': "5G专网建设", 'partner_id': cls.group_a.id, 'user_id': cls.user_kam.id,
            'stage': 'in_progress', 'date_start': today - timedelta(days=60),
            'date_end': today + timedelta(days=30),
            'task_ids': [
                Command.create({'department_id': cls.dept_network.id, 'name': "基站开通",
                                'date_expected': today - timedelta(days=5), 'status': 'blocked',
                                'delay_reason_id': cls.env.ref(
                                    'key_account_management.kam_delay_reason_supplier').id}),
                Command.create({'department_id': cls.dept_it.id, 'name': "平台对接",
                                'date_expected': today + timedelta(days=10)}),
            ],
        })
        # a work order of the subsidiary past its SLA
        cls.work_order = cls._create_request(cls.type_fault, partner=cls.sub_a)
        cls.work_order.sudo().write({
            'state': 'submitted', 'name': "WO/2026/09999",
            'date_submitted': fields.Datetime.now() - timedelta(hours=10),
            'deadline_accept': fields.Datetime.now() - timedelta(hours=6),
            'deadline_resolve': fields.Datetime.now() + timedelta(hours=20),
            'sla_accept_breached': True})
        # retention: a visit, a competitor offer, the health and its curve, a case
        cls.visit = cls.env['kam.visit'].create({
            'name': "采购部沟通移动办公续约", 'partner_id': cls.group_a.id,
            'date': today - timedelta(days=5), 'satisfaction': 3})
        cls.visit.action_done()
        cls.offer = cls.env['kam.competitor.offer'].create({
            'name': "5G专网及企业专线打包", 'partner_id': cls.group_a.id,
            'competitor_id': cls.competitor.id, 'threat_level': 'medium',
            'date': today - timedelta(days=10), 'monthly_price': 63000,
            'our_monthly_price': 84000})
        cls.env['kam.health.history'].create([{
            'partner_id': cls.group_a.id, 'month': date(2026, month, 1), 'score': score,
            'band': band,
        } for month, score, band in ((8, 92, 'healthy'), (9, 74, 'watch'), (10, 66, 'watch'))])
        cls.group_a._kam_compute_health()
        cls.case = cls.env['kam.retention.case']._kam_open_for(cls.group_a)

    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(self.TODAY))

    def _html(self, accounts, user=None):
        Report = self.env['ir.actions.report']
        if user:
            Report = Report.with_user(user)
        return Report._render_qweb_html(REPORT, accounts.ids)[0].decode()

    def _pdf(self, accounts, user):
        # wkhtmltopdf fetches the styles from this test server
        self.env['ir.config_parameter'].sudo().set_param(
            'report.url', f"http://{HOST}:{config['http_port']}")
        with self.allow_pdf_render():
            return self.env['ir.actions.report'].with_user(user).with_context(
                force_report_rendering=True)._render_qweb_pdf(REPORT, accounts.ids)[0]

    # ------------------------------------------------------------
    # What it shows
    # ------------------------------------------------------------

    def test_dossier_shows_the_account(self):
        html = self._html(self.group_a, self.user_kam)
        factor = self._factors(self.group_a)['contract_expiring']
        self.assertIn(self.contract_expiring.name, factor.name)
        self.assertTrue(self.group_a.kam_tier_reason.startswith("A:"))
        for text in (
            # profile
            self.group_a.name, self.group_a.kam_tier_reason, self.engineer.name,
            # the group tree: the subsidiary, with the group's handsets summed
            self.sub_a.name, "2,500",
            # decision map
            self.gm.name, "总经理", "Decision Maker", "Champion",
            # contracts: the account's and the subsidiary's
            self.contract_expiring.name, self.contract_expiring.title, self.contract_sub.name,
            "45", "days left",
            # the project and its late department with its delay reason
            self.project.reference, "网络运维部", "Supplier",
            # work orders and SLA
            self.work_order.name, "Breached",
            # health, its factor sentences, the retention case, the visit, the offer
            factor.name, self.case.name, self.visit.name, "3.0 / 5", self.offer.name,
            self.competitor.name,
            # the relationship curve
            "<svg", "2026-08", "2026-11",
        ):
            self.assertIn(text, html)
        # the expiring contract is highlighted, the running one is not
        self.assertRegex(html, r'background-color: #fff3cd;[^>]*>\s*<td[^>]*><span[^>]*>%s'
                         % self.contract_expiring.name)

    def test_sections_without_content_are_left_out(self):
        html = self._html(self.group_b, self.user_kam_other)
        self.assertIn(self.group_b.name, html)
        for section in ('o_kam_dossier_tree', 'o_kam_dossier_contacts', 'o_kam_dossier_contracts',
                        'o_kam_dossier_project', 'o_kam_dossier_requests', 'o_kam_dossier_chart',
                        'o_kam_dossier_cases', 'o_kam_dossier_visits', 'o_kam_dossier_offers'):
            self.assertNotIn(section, html)

    def test_several_dossiers_at_once(self):
        html = self._html(self.group_a | self.group_b, self.user_kam_manager)
        self.assertIn(self.group_a.name, html)
        self.assertIn(self.group_b.name, html)
        self.assertEqual(html.count('<h4 class="mt-4">Profile</h4>'), 2)

    def test_pdf_in_english_and_in_chinese(self):
        pdf = self._pdf(self.group_a, self.user_kam)
        self.assertTrue(pdf.startswith(b'%PDF'))
        # the reader's language: Chinese for a Chinese-speaking account manager
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        self.user_kam.lang = 'zh_CN'
        Partner = self.env['res.partner'].with_context(lang='zh_CN')
        band = dict(Partner._fields['kam_health_band']._description_selection(Partner.env))[
            self.group_a.kam_health_band]
        state = dict(self.env['kam.contract'].with_context(lang='zh_CN')._fields['state']
                     ._description_selection(Partner.env))['expiring']
        self.assertNotIn(band, ("Healthy", "Watch", "At Risk"))
        html = self._html(self.group_a, self.user_kam)
        self.assertIn(band, html)
        self.assertIn(state, html)
        self.assertIn(self.group_a.name, html)
        pdf = self._pdf(self.group_a, self.user_kam)
        self.assertTrue(pdf.startswith(b'%PDF'))

    def test_page_layout(self):
        """A4 with the compact internal header in a 25 mm top margin, not
        the 52 mm letterhead band of Odoo's A4 (blank where wkhtmltopdf
        prints no header); 11 mm sides from Odoo's report CSS; the decision
        map and the plan's SWOT grid kept on one page."""
        paper = self.env.ref(REPORT).paperformat_id
        self.assertEqual(paper, self.env.ref('key_account_management.paperformat_kam_document'))
        self.assertEqual(self.env.ref('key_account_management.action_report_kam_account_plan')
                         .paperformat_id, paper)
        self.assertEqual((paper.format, paper.orientation), ('A4', 'Portrait'))
        self.assertEqual((paper.margin_top, paper.header_spacing, paper.margin_bottom), (25, 20, 15))
        self.assertTrue(paper.css_margins, "the side margins come from Odoo's report CSS")
        html = self._html(self.group_a, self.user_kam)
        self.assertNotIn('o_report_layout_standard', html, "no letterhead")
        self.assertRegex(html, r'o_kam_dossier_decision_map" style="page-break-inside: avoid;')
        plan = self.env['kam.account.plan'].create({
            'partner_id': self.group_a.id,
            'swot_strengths': "全省最大的专线网络"})
        html = self.env['ir.actions.report']._render_qweb_html(
            'key_account_management.action_report_kam_account_plan', plan.ids)[0].decode()
        self.assertRegex(html, r'o_kam_plan_swot" style="page-break-inside: avoid;')
        # every page of the dossier renders, in Chinese too
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        self.user_kam.lang = 'zh_CN'
        self.assertTrue(self._pdf(self.group_a, self.user_kam).startswith(b'%PDF'))

    def test_file_name_in_the_readers_language(self):
        """The PDF is named as the download route names it: the report's
        print name, read in the reader's language."""
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        Report = self.env['ir.actions.report']
        for lang, name in (('en_US', "Dossier - %s"), ('zh_CN', "客户档案 - %s")):
            self.user_kam.lang = lang
            report = Report.with_user(self.user_kam)._get_report_from_name(
                'key_account_management.report_kam_account_dossier')
            self.assertEqual(safe_eval(report.print_report_name,
                                       {'object': self.group_a, 'time': time}),
                             name % self.group_a.name)

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_user_not_serving_the_account_sees_its_profile_not_its_records(self):
        """Any Key Accounts user prints any key account (its key-account data
        is his to read), but its contracts, projects, work orders, cases,
        visits and offers only where he serves the account: the other
        manager gets the profile, group and health, none of those lists."""
        html = self._html(self.group_a, self.user_kam_other)
        for text in (self.group_a.name, self.group_a.kam_tier_reason, self.sub_a.name,
                     self.gm.name):
            self.assertIn(text, html)
        for text in (self.contract_expiring.title, self.contract_sub.name, self.project.reference,
                     self.work_order.name, self.case.name, self.visit.name, self.offer.name,
                     'o_kam_dossier_contracts', 'o_kam_dossier_project', 'o_kam_dossier_requests'):
            self.assertNotIn(text, html)
        # a member of the account team sees them
        html = self._html(self.group_a, self.engineer)
        self.assertIn(self.contract_expiring.title, html)
        self.assertIn(self.case.name, html)

    def test_only_key_accounts_users_print_key_accounts(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.group_ids, self.env.ref('key_account_management.group_kam_user'))
        with self.assertRaises(AccessError):
            self._html(self.group_a, self.user_internal)
        plain = self.env['res.partner'].create({'name': "Ordinary Customer", 'is_company': True})
        with self.assertRaisesText(UserError, "not a key account"):
            self._html(plain, self.user_kam)
        with self.assertRaisesText(UserError, "not a key account"):
            plain.with_user(self.user_kam).action_kam_print_dossier()

    def test_print_dossier_button(self):
        action = self.group_a.with_user(self.user_kam_other).action_kam_print_dossier()
        self.assertEqual(action['type'], 'ir.actions.report')
        self.assertEqual(action['report_name'],
                         'key_account_management.report_kam_account_dossier')
        self.assertEqual(action['context']['active_ids'], self.group_a.ids)
        arch = self.env['res.partner'].with_user(self.user_kam).get_views(
            [(False, 'form')])['views']['form']['arch']
        self.assertIn('action_kam_print_dossier', arch)
        arch = self.env['res.partner'].with_user(self.user_internal).get_views(
            [(False, 'form')])['views']['form']['arch']
        self.assertNotIn('action_kam_print_dossier', arch)

    # ------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------

    def test_queries_do_not_grow_with_contracts(self):
        def account_with(name, count):
            account = self._create_account(name, parent_id=False)
            self.env['kam.contract'].create([{
                'title': f"Line {index}", 'partner_id': account.id,
                'date_start': self.TODAY - timedelta(days=10),
                'date_end': self.TODAY + timedelta(days=200 + index), 'amount': 1000 + index,
            } for index in range(count)]).action_confirm()
            return account

        few, many = account_with("Ten Contracts Ltd", 10), account_with("Thirty Contracts Ltd", 30)
        for account in (few, many):  # templates compiled, caches warm
            self._html(account, self.user_kam)
        counts = {}
        for account in (few, many):
            self.env.invalidate_all()
            counts[account] = self._count_queries(lambda account=account: self._html(account, self.user_kam))
        self.assertIn("Line 29", self._html(many, self.user_kam))
        self.assertLessEqual(counts[many], counts[few],
                             f"10 contracts: {counts[few]} queries, 30: {counts[many]}")
