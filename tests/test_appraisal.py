import io
import json
from datetime import date, timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from .common import KamCommon
from .common_project import KamProjectCommon

FULL_PROFILE = {
    'kam_employee_count': 50, 'kam_handset_count': 50, 'kam_monthly_revenue': 10000,
    'kam_customer_since': date(2024, 1, 1), 'vat': '91330100MA2XXXXX1', 'phone': '0571-88000000',
    'street': "文三路 1 号", 'city': "杭州",
}


@tagged('post_install', '-at_install')
class TestDepartmentAppraisal(KamProjectCommon):
    """Each department's on-time rate and average delay over its project
    lines, beside the key-account department's work orders."""

    def test_figures_by_department(self):
        today = self.today
        self.company.kam_department_id = self.dept_customer
        project = self._create_project(self.account_a, "Appraisal Project", [
            (self.dept_network, -20), (self.dept_it, -16), (self.dept_customer, 30)])
        project.write({'date_start': today - timedelta(days=40)})
        network, it, customer = project.task_ids.sorted('id')
        network.write({'status': 'done'})
        network.write({'date_done': today - timedelta(days=22)})
        # a second network line, five days late, in another project
        late = self._create_project(self.account_b, "Late Project", [(self.dept_network, -20)])
        late.write({'date_start': today - timedelta(days=40)})
        late.task_ids.write({'status': 'done'})
        late.task_ids.write({'date_done': today - timedelta(days=15)})
        # the IT line is open, sixteen days past its date; the customer line not due yet
        type_fault = self.env.ref('key_account_management.kam_service_request_type_fault')
        order = self.env['kam.service.request'].create({
            'type_id': type_fault.id, 'partner_id': self.account_a.id, 'description': "Down",
            'requester_partner_id': self.account_a.id})
        now = fields.Datetime.now().replace(microsecond=0)
        order.sudo().write({
            'state': 'done', 'date_submitted': now - timedelta(days=3),
            'deadline_accept': now - timedelta(days=3, hours=-1),
            'deadline_resolve': now - timedelta(days=2), 'date_done': now - timedelta(days=2, hours=2)})
        self.env.flush_all()
        rows = {dept: (count, late_count, rate, delay, own)
                for dept, count, late_count, rate, delay, own in
                self.env['kam.department.appraisal'].with_user(self.user_kam_manager)._read_group(
                    [('department_id', 'in', (self.dept_network | self.dept_it | self.dept_customer).ids)],
                    ['department_id'],
                    ['item_count:sum', 'late_count:sum', 'on_time_rate:avg', 'delay_days:avg',
                     'is_key_account_department:bool_or'])}
        self.assertEqual(rows[self.dept_network], (2, 1, 50, 2.5, False))
        self.assertEqual(rows[self.dept_it], (1, 1, 0, 16, False))
        # the key-account department: its work order without a team, within the SLA
        self.assertEqual(rows[self.dept_customer], (1, 0, 100, 0, True))
        sources = self.env['kam.department.appraisal']._read_group(
            [('department_id', '=', self.dept_customer.id)], ['source'], ['__count'])
        self.assertEqual(sources, [('work_order', 1)])

    def test_read_by_the_department_head_only(self):
        Appraisal = self.env['kam.department.appraisal']
        self.assertFalse(Appraisal.with_user(self.user_kam).has_access('read'))
        self.assertTrue(Appraisal.with_user(self.user_kam_manager).has_access('read'))
        self.assertIs(Appraisal.with_user(self.user_kam_manager).search_count([]) >= 0, True)


@tagged('post_install', '-at_install')
class TestSeedChecks(KamCommon):
    """The seed's numbers against their aims, red or green."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Check = cls.env['kam.seed.check']
        account = cls._create_account
        cls.accounts_a = account("Seed A", kam_tier_id=cls.tier_a.id, **FULL_PROFILE)
        cls.accounts_b = cls.env['res.partner'].concat(*(
            account(f"Seed B{i}", kam_tier_id=cls.tier_b.id, **(FULL_PROFILE if i else {}))
            for i in range(5)))
        partial = dict(FULL_PROFILE, vat=False, phone=False, street=False)
        cls.accounts_c = cls.env['res.partner'].concat(*(
            account(f"Seed C{i}", kam_tier_id=cls.tier_c.id, **(FULL_PROFILE if i > 1 else partial))
            for i in range(14)))
        cls.members = cls.env['kam.member'].create([
            {'name': "成员一", 'mobile': '13805710001', 'partner_id': cls.accounts_a.id},
            {'name': "成员二", 'mobile': '13805710002', 'partner_id': cls.accounts_a.id}])

    def _checks(self):
        checks = self.Check.with_user(self.user_kam_manager).action_kam_open()
        self.assertEqual(checks['res_model'], 'kam.seed.check')
        return {(row.kind, row.tier_id.code or ''): row
                for row in self.Check.search([('company_id', '=', self.company.id)])}

    def test_red_and_green(self):
        snapshot = self.env['kam.kpi.snapshot'].sudo()
        month = date(2026, 4, 1)
        snapshot.create([{'month': month, 'company_id': self.company.id, 'user_id': user.id,
                          'stability_rate': rate}
                         for user, rate in ((self.user_kam, 60), (self.user_kam_other, 80))])
        self.members[0].action_kam_verify_number()
        checks = self._checks()
        # 1 / 5 / 14 accounts: 5 / 25 / 70 %
        shares = {tier: (round(checks['tier_share', tier].actual), checks['tier_share', tier].is_ok)
                  for tier in 'ABCD'}
        self.assertEqual(shares, {'A': (5, True), 'B': (25, True), 'C': (70, True), 'D': (0, True)})
        # filing: B has one incomplete archive of five (80 % < 95 %); C two of fourteen (86 % ≥ 80 %)
        self.assertEqual((checks['filing_rate', 'A'].actual, checks['filing_rate', 'A'].is_ok), (100, True))
        self.assertEqual((checks['filing_rate', 'B'].actual, checks['filing_rate', 'B'].is_ok), (80, False))
        self.assertEqual((round(checks['filing_rate', 'C'].actual), checks['filing_rate', 'C'].is_ok,
                          checks['filing_rate', 'C'].target), (86, True, 80))
        self.assertEqual((checks['stability', ''].actual, checks['stability', ''].is_ok), (70, True))
        self.assertEqual((checks['authenticity', ''].actual, checks['authenticity', ''].is_ok), (50, False))
        # six D accounts put the split off its aim; every member verified
        for i in range(6):
            self._create_account(f"Seed D{i}", kam_tier_id=self.tier_d.id)
        self.members[1].action_kam_verify_number()
        checks = self._checks()
        self.assertEqual([checks['tier_share', tier].is_ok for tier in 'ABCD'], [True, False, False, False])
        self.assertEqual((checks['authenticity', ''].actual, checks['authenticity', ''].is_ok), (100, True))
        # a changed number must be verified again
        self.members[1].mobile = '13805710003'
        self.assertFalse(self.members[1].mobile_verified_on)
        self.members[0].name = "成员一甲"
        self.assertTrue(self.members[0].mobile_verified_on)

    def test_no_figures_is_red(self):
        checks = self._checks()
        self.assertFalse(checks['stability', ''].is_ok, "no month computed: nothing to show green")

    def test_on_the_kpi_dashboard(self):
        """The KPI dashboard lists the checks, green on target and red off it."""
        with file_open('key_account_management/data/files/kam_kpi_dashboard.json') as handle:
            data = json.load(handle)
        lists = {spec['model']: spec for spec in data['lists'].values()}
        checks = lists['kam.seed.check']
        # beside them, the targets with their achievement and the scorecards
        self.assertEqual(set(lists), {'kam.seed.check', 'kam.target', 'kam.scorecard'})
        for spec in lists.values():
            for fname in spec['columns']:
                self.assertIn(fname, self.env[spec['model']]._fields, spec['model'])
        self.assertIn('achievement_rate', lists['kam.target']['columns'])
        self.assertIn('score', lists['kam.scorecard']['columns'])
        sheet = data['sheets'][0]
        colors = {cf['rule']['style']['fillColor'] for cf in sheet['conditionalFormats']}
        self.assertEqual(colors, {'#C8E6C9', '#FFCDD2'})
        listed = [cell for cell, formula in sheet['cells'].items() if formula.startswith('=ODOO.LIST(1,')]
        self.assertGreaterEqual(len(listed) // len(checks['columns']), len(self.Check._kam_values(self.company)))

    def test_access(self):
        self._checks()
        self.assertFalse(self.Check.with_user(self.user_kam).has_access('read'))
        with self.assertRaises(AccessError):
            self.Check.with_user(self.user_kam).action_kam_open()
        self.assertTrue(self.Check.with_user(self.user_kam_manager).search_count([]))

    def test_workbook_sheets(self):
        self.env['crm.lead'].create({'name': "Cloud for Seed A", 'type': 'opportunity',
                                     'partner_id': self.accounts_a.id, 'expected_revenue': 5000,
                                     'user_id': self.user_kam.id})

        def book(user):
            wizard = self.env['kam.export.wizard'].with_user(user).create({
                'date_from': date(2026, 1, 1), 'date_to': date(2026, 4, 30)})
            return openpyxl.load_workbook(io.BytesIO(wizard._kam_workbook()))
        self.user_kam_manager.group_ids = [(4, self.env.ref('sales_team.group_sale_salesman_all_leads').id)]
        head = book(self.user_kam_manager)
        self.assertEqual(head.sheetnames[-3:], ["Scorecards", "Opportunities", "Seed Checks"])
        opportunities = [row[0].value for row in head["Opportunities"].iter_rows(min_row=2)]
        self.assertEqual(opportunities, ["Cloud for Seed A"])
        checks = list(head["Seed Checks"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(checks), 10)
        filing_b = next(row for row in checks if row[1] == "Filing Rate" and row[2] == 'B')
        self.assertEqual((filing_b[3], filing_b[4], filing_b[6]), (80, 95, "No"))
        self.assertEqual(head["Seed Checks"]["G2"].fill.fgColor.rgb[-6:], "C8E6C9")
        # an account manager without the right to read opportunities: none, and no seed checks
        mine = book(self.user_kam)
        self.assertEqual(mine["Opportunities"]["A2"].value, "No data for this selection.")
        self.assertEqual(mine["Seed Checks"]["A2"].value, "No data for this selection.")


@tagged('post_install', '-at_install')
class TestScorecardList(KamCommon):
    """The scorecard list of 500 managers costs the queries of 20."""

    def test_list_queries(self):
        month = date(2026, 4, 1)
        users = self.env['res.users'].create([{
            'name': f"Listed Manager {i}", 'login': f'kam_listed_{i}',
            'group_ids': [(4, self.env.ref('key_account_management.group_kam_user').id)]}
            for i in range(500)])
        Scorecard = self.env['kam.scorecard']
        Scorecard.create([{'month': month, 'user_id': uid, 'company_id': self.company.id, 'score': i % 120}
                          for i, uid in enumerate(users.ids)])
        view = self.env.ref('key_account_management.kam_scorecard_view_list')
        spec = {name: {} for name in ('month', 'user_id', 'team_id', 'region_id', 'score',
                                      'rank_team', 'rank_region', 'incentive', 'state')}
        spec['user_id'] = {'fields': {'display_name': {}}}

        records = []

        def read(limit):
            result = Scorecard.with_user(self.user_kam_manager).web_search_read(
                [('month', '=', month)], spec, limit=limit)
            records.append(len(result['records']))
        self.assertTrue(view)
        self.env.flush_all()
        read(1)
        self.env.invalidate_all()
        few = self._count_queries(lambda: read(20))
        self.env.invalidate_all()
        many = self._count_queries(lambda: read(500))
        self.assertEqual(records[1:], [20, 500])
        self.assertEqual(many, few)


@tagged('post_install', '-at_install')
class TestAppraisalTour(HttpCase, KamCommon):

    def test_head_reads_the_seed_checks(self):
        self._create_account("Tour Seed Account", kam_tier_id=self.tier_a.id, **FULL_PROFILE)
        self.start_tour("/odoo", "kam_seed_check_tour", login=self.user_kam_manager.login)


