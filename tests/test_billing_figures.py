import io

import openpyxl

from odoo.tests import tagged

from .common_billing import KamBillingCommon

FIGURES = ['kam_has_billing', 'kam_billing_revenue_12m', 'kam_billing_margin',
           'kam_billing_ict_share', 'kam_billing_bundled_share', 'kam_billing_group_revenue_12m',
           'kam_billing_overdue', 'kam_arrears_flag', 'kam_billing_avg_revenue']


@tagged('post_install', '-at_install')
class TestBillingFigures(KamBillingCommon):
    """What the account, its tier, health and manager make of the billing."""

    def _statement(self, ref, overdue, days, back=1):
        return self._load([{'customer_ref': ref, 'month': self._month(back).strftime('%Y-%m'),
                            'billed': 10000, 'paid': 10000 - overdue,
                            'overdue_amount': overdue, 'days_overdue': days}], kind='arrears')

    def test_account_figures_and_group_rollup(self):
        sub = self._create_account("华东能源电力", parent_id=self.account_a.id,
                                   kam_external_ref='CUST-A1')
        self._load([self._row(code='VOICE', revenue=6000, cost=3000, bundled=1),
                    self._row(code='ICT', revenue=4000, cost=3000),
                    self._row(back=13, code='VOICE', revenue=99999),  # older than a year
                    self._row(ref='CUST-A1', code='DATA', revenue=5000)])
        account = self.account_a.with_user(self.user_kam)
        self.assertTrue(account.kam_has_billing)
        self.assertEqual(account.kam_billing_revenue_12m, 10000)
        self.assertAlmostEqual(account.kam_billing_margin, 40.0)
        self.assertAlmostEqual(account.kam_billing_ict_share, 40.0)
        self.assertAlmostEqual(account.kam_billing_bundled_share, 60.0)
        self.assertEqual(account.kam_billing_group_revenue_12m, 15000)
        self.assertEqual(sub.with_user(self.user_kam).kam_billing_group_revenue_12m, 5000)
        action = account.action_kam_view_billing()
        self.assertEqual(action['res_model'], 'kam.billing.line')
        self.assertIn(('kam_account_id', '=', account.id), action['domain'])

    def test_form_figures_in_constant_queries(self):
        accounts = self.account_a | self.account_b | self.env['res.partner'].create([
            {'name': f"客户 {n}", 'is_company': True, 'kam_is_key_account': True,
             'kam_manager_id': self.user_kam.id, 'kam_external_ref': f'CUST-{n}'}
            for n in range(6)])
        self._load([self._row(ref, code=code) for ref in accounts.mapped('kam_external_ref')
                    for code in ('VOICE', 'ICT')])
        manager = self.user_kam_manager
        accounts.with_user(manager).read(FIGURES)  # warm the caches
        counts = []
        for batch in (accounts[:1], accounts):
            self.env.invalidate_all()
            counts.append(self._count_queries(lambda b=batch: b.with_user(manager).read(FIGURES)))
        # eight accounts cost no more than one (the accounts graded when
        # made: one read more for the first)
        self.assertLessEqual(counts[1], counts[0])
        self.assertLessEqual(counts[0], 13)

    def test_tier_reads_the_billed_average(self):
        # typed: 1,000 a month and 1 handset, tier D
        self.account_a._kam_classify_tiers()
        self.assertEqual(self.account_a.kam_tier_id, self.tier_d)
        self.assertFalse(self.account_a.kam_billing_avg_months)
        self._history('CUST-A', 3, lambda back: {'VOICE': 20000, 'DATA': 10000 + 1000 * back})
        self._load([self._row(back=0, code='VOICE', revenue=500000)])  # this month: not complete
        self.account_a.invalidate_recordset()
        self.account_a._kam_classify_tiers()
        self.assertEqual(self.account_a.kam_tier_id, self.tier_b)
        self.assertIn("billed revenue", self.account_a.kam_tier_reason)
        self.assertIn("average of 3 months", self.account_a.kam_tier_reason)
        self.assertEqual(self.account_a.kam_billing_avg_revenue, 32000)
        # one month averaged: the last, 31,000
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.billing_tier_months', 1)
        self.account_a.invalidate_recordset()
        self.assertEqual(self.account_a.kam_billing_avg_revenue, 31000)
        # no billing: the typed figure
        self.account_b.kam_monthly_revenue = 40000
        self.account_b._kam_classify_tiers()
        self.assertEqual(self.account_b.kam_tier_id, self.tier_b)
        self.assertIn("monthly revenue", self.account_b.kam_tier_reason)
        self.assertNotIn("billed", self.account_b.kam_tier_reason)

    def _factor(self, account, code):
        account._kam_compute_health()
        return account.kam_health_factor_ids.filtered(lambda f: f.rule_id.code == code)

    def test_health_service_line_decline(self):
        self._history('CUST-A', 6, lambda back: {
            'VOICE': 5000 if back <= 3 else 10000, 'ICT': 8000})
        factor = self._factor(self.account_a, 'billing_decline')
        self.assertEqual(factor.points, 15)
        self.assertIn("Voice revenue down 50 % over 3 months", factor.name)
        # a decline of 25 %: half the weight
        self._history('CUST-A', 6, lambda back: {
            'VOICE': 7500 if back <= 3 else 10000, 'ICT': 8000})
        factor = self._factor(self.account_a, 'billing_decline')
        self.assertEqual(factor.points, 7.5)
        # lines lost while revenue holds
        self._history('CUST-A', 6, lambda back: {'VOICE': 10000, 'ICT': 8000},
                      lines=10)
        self._history('CUST-A', 3, lambda back: {'VOICE': 10000, 'ICT': 8000}, lines=4)
        factor = self._factor(self.account_a, 'billing_decline')
        self.assertIn("lines down 60 %", factor.name)
        # everything holds: no factor
        self._history('CUST-A', 6, lambda back: {'VOICE': 10000, 'ICT': 8000}, lines=10)
        self.assertFalse(self._factor(self.account_a, 'billing_decline'))

    def test_arrears_flag_activity_once_and_health(self):
        self._statement('CUST-A', 8000, 90)
        self._statement('CUST-B', 8000, 10)
        self.assertTrue(self.account_a.kam_arrears_flag)
        self.assertFalse(self.account_b.kam_arrears_flag)
        # over the credit limit, however recent
        self.account_b.with_user(self.user_kam_other).kam_credit_limit = 5000
        self.assertTrue(self.account_b.kam_arrears_flag)
        Activity = self.env['mail.activity']
        # the arrears activities (the accounts, graded when made, also have their visits due)
        domain = [('res_model', '=', 'res.partner'), ('summary', 'like', 'In arrears'),
                  ('res_id', 'in', (self.account_a | self.account_b).ids)]
        with self._cron_commits():
            self.env['res.partner']._cron_kam_billing_arrears()
            self.env['res.partner']._cron_kam_billing_arrears()
        activities = Activity.search(domain)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.filtered(lambda a: a.res_id == self.account_a.id).user_id,
                         self.user_kam)
        self.assertIn("overdue for 90 days", activities[0].summary + activities[1].summary)
        factor = self._factor(self.account_a, 'arrears')
        self.assertEqual(factor.points, 10)
        self.assertIn("overdue for 90 days", factor.name)
        # paid: the flag goes; in arrears again later: one more activity
        self._statement('CUST-A', 0, 0)
        self.assertFalse(self.account_a.kam_arrears_flag)
        self.assertFalse(self._factor(self.account_a, 'arrears'))
        self._statement('CUST-A', 9000, 95, back=0)
        with self._cron_commits():
            self.env['res.partner']._cron_kam_billing_arrears()
        self.assertEqual(Activity.search_count(domain), 3, Activity.search(domain).mapped('summary'))

    def test_arrears_cron_in_constant_queries(self):
        accounts = self.env['res.partner'].create([
            {'name': f"欠费客户 {n}", 'is_company': True, 'kam_is_key_account': True,
             'kam_manager_id': self.user_kam.id, 'kam_external_ref': f'ARR-{n}'}
            for n in range(9)])
        counts = []
        # the first run warms the caches (activity type, models, rules)
        for batch in (accounts[:1], accounts[1:3], accounts[3:]):
            for account in batch:
                self._statement(account.kam_external_ref, 5000, 90)
            self.env.invalidate_all()
            with self._cron_commits():
                counts.append(self._count_queries(
                    lambda: self.env['res.partner']._cron_kam_billing_arrears()))
        self.assertEqual(counts[1], counts[2])

    def test_kpis_of_the_month_read_the_billing(self):
        self._load([self._row(code='VOICE', revenue=6000, cost=3000, bundled=1),
                    self._row(code='ICT', revenue=4000, cost=3000),
                    self._row(back=2, code='VOICE', revenue=99999)])
        self._statement('CUST-A', 500, 20)
        Snapshot = self.env['kam.kpi.snapshot']
        Snapshot._kam_compute_month(self.last_month)
        row = Snapshot.search([('month', '=', self.last_month), ('user_id', '=', self.user_kam.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(
            (row.billed_revenue, row.ict_revenue, row.bundled_revenue, row.billed_margin,
             row.overdue_amount), (10000, 4000, 6000, 4000, 500))
        other = Snapshot.search([('month', '=', self.last_month),
                                 ('user_id', '=', self.user_kam_other.id)])
        self.assertEqual(other.billed_revenue, 0)

    def test_rank_rule_grades_the_top_by_billed_revenue(self):
        accounts = self.env['res.partner'].create([
            {'name': f"排名客户 {n:02d}", 'is_company': True, 'kam_is_key_account': True,
             'kam_manager_id': self.user_kam.id, 'kam_external_ref': f'RANK-{n}'}
            for n in range(1, 21)])
        self._load([self._row(f'RANK-{n}', back, 'DATA', 1000 * n)
                    for n in range(1, 21) for back in (1, 2, 3)])
        accounts._kam_classify_tiers()
        by_tier = {tier.code: len(group) for tier, group in accounts.grouped('kam_tier_id').items()}
        # A: the top 5 % (1 of 20), B: the next 25 % (5), the others by their thresholds
        self.assertEqual(by_tier, {'A': 1, 'B': 5, 'C': 10, 'D': 4})
        top = accounts[-1]
        self.assertEqual(top.kam_tier_id, self.tier_a)
        self.assertIn("within the top 5 % of key accounts by billed revenue", top.kam_tier_reason)
        # the split against the aimed one
        tiers = self.tier_a | self.tier_b | self.tier_c | self.tier_d
        tiers.invalidate_recordset(['target_share', 'account_share'])
        self.assertEqual(tiers.mapped('target_share'), [5.0, 25.0, 70.0, 0.0])
        # the two accounts of the set-up, graded D when they were made, count too (22)
        self.assertEqual(tiers.mapped('account_share'), [4.5, 22.7, 45.5, 27.3])

    def test_workbook_sheet_of_billing_by_service(self):
        self._load([self._row(code='VOICE', revenue=6000, cost=3000, bundled=1),
                    self._row(code='ICT', revenue=4000, cost=3000),
                    self._row('CUST-B', code='VOICE', revenue=777)])
        wizard = self.env['kam.export.wizard'].with_user(self.user_kam).create({
            'date_from': self._month(12), 'date_to': self.this_month})
        book = openpyxl.load_workbook(io.BytesIO(wizard._kam_workbook()))
        rows = list(book["Billing by Service"].iter_rows(min_row=2, values_only=True))
        # his account only, by service line
        self.assertEqual(rows, [
            (self.account_a.name, "Voice", None, 6000, 3000, 50, 6000),
            (self.account_a.name, "ICT / Cloud / IDC", "Yes", 4000, 3000, 25, 0)])

    def test_kpis_voice_growth_and_value_with_margin(self):
        self._load([self._row(code='VOICE', revenue=6000, cost=3000, bundled=1),
                    self._row(code='ICT', revenue=4000, cost=3000),
                    self._row(back=2, code='VOICE', revenue=8000)])
        Snapshot = self.env['kam.kpi.snapshot']
        Snapshot._kam_compute_month(self.last_month)
        row = Snapshot.search([('month', '=', self.last_month), ('user_id', '=', self.user_kam.id),
                               ('account_ids', 'in', self.account_a.ids)])
        self.assertEqual(row.voice_revenue, 6000)
        self.assertAlmostEqual(row.bundled_share, 60.0)
        self.assertAlmostEqual(row.billed_growth, 25.0, msg="10,000 against 8,000")
        self.assertAlmostEqual(row.billed_margin_rate, 40.0)
        self.assertAlmostEqual(row.billed_average_value, 10000 / row.accounts_end)

    def test_workbook_kpis_and_regions_with_billing(self):
        region = self.env['kam.region'].create({'name': "杭州", 'level': 'city'})
        self.account_a.kam_region_id = region
        self._load([self._row(code='VOICE', revenue=6000, cost=3000, bundled=1),
                    self._row(code='ICT', revenue=4000, cost=3000),
                    self._row(back=2, code='VOICE', revenue=8000),
                    self._row('CUST-B', code='VOICE', revenue=777)])
        self._statement('CUST-A', 500, 20)
        self.env['kam.kpi.snapshot']._kam_compute_month(self.last_month)
        wizard = self.env['kam.export.wizard'].with_user(self.user_kam).create({
            'date_from': self.last_month, 'date_to': self.last_month})
        book = openpyxl.load_workbook(io.BytesIO(wizard._kam_workbook()))
        kpis = list(book["KPIs by Manager"].iter_rows(values_only=True))
        header = kpis[0]
        for title in ("ICT Revenue", "Voice Revenue", "Bundled Share (%)",
                      "Billed Revenue Growth (%)", "Billed Value per Account",
                      "Billed Margin (%)", "Overdue"):
            self.assertIn(title, header)
        mine = [dict(zip(header, row)) for row in kpis[1:]
                if row[header.index("Billed Revenue")]]
        self.assertEqual([(row["Voice Revenue"], row["Overdue"]) for row in mine], [(6000, 500)])
        # his account only, in its region: growth on the month before
        regions = list(book["Billing by Region"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(regions, [("杭州", 1, 10000, 4000, 6000, 60, 25, 10000, 40, 500)])
