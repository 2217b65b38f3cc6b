from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_retention import KamRetentionCommon


@tagged('post_install', '-at_install')
class TestKpiSnapshots(KamRetentionCommon):
    """The KPIs of October 2026 on a crafted portfolio, each figure worked
    out by hand; September's rows give the accounts at start."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env['kam.kpi.snapshot']
        cls.lost = cls._create_account("流失客户有限公司", kam_tier_id=cls.tier_a.id,
                                       kam_monthly_revenue=9000)
        cls.sub_a.kam_customer_since = date(2026, 10, 5)
        (cls.member_a1 | cls.member_a2 | cls.member_sub | cls.member_b).sudo().write(
            {'date_join': date(2026, 1, 1)})

    def _row(self, user, tier, month=date(2026, 10, 1)):
        return self.Snapshot.search([('month', '=', month), ('user_id', '=', user.id),
                                     ('tier_id', '=', tier.id)])

    def _october(self):
        with freeze_time(date(2026, 10, 1)):
            self.Snapshot._kam_compute_month(date(2026, 9, 1))
        self.lost.sudo().active = False
        with freeze_time(date(2026, 10, 20)):
            self.member_a2.sudo()._kam_remove(date(2026, 10, 15))
            self._visit(self.group_a, 35, satisfaction=4)
            self._visit(self.group_a, 33, satisfaction=2)
            late = self._create_request(self.type_fault, partner=self.sub_a)
            late.sudo().write({'state': 'submitted', 'date_submitted': '2026-10-10 09:00:00',
                               'sla_accept_breached': True})
            contract = self.env['kam.contract'].create({
                'title': "专线", 'partner_id': self.group_a.id, 'date_start': date(2026, 1, 1),
                'date_end': date(2026, 12, 15), 'amount': 1000})
            contract.action_confirm()
        with freeze_time(date(2026, 11, 5)):
            return self.Snapshot._kam_compute_month(date(2026, 10, 17))

    def test_figures_of_a_crafted_month(self):
        self._october()
        september = self._row(self.user_kam, self.tier_a, date(2026, 9, 1))
        self.assertEqual(september.with_context(active_test=False).account_ids,
                         self.group_a | self.sub_a | self.lost)
        row = self._row(self.user_kam, self.tier_a)
        self.assertEqual(
            (row.accounts_start, row.accounts_end, row.accounts_retained, row.accounts_lost,
             row.accounts_new), (3, 2, 2, 1, 1))
        self.assertAlmostEqual(row.retention_rate, 200 / 3, places=1)
        self.assertAlmostEqual(row.growth_rate, -100 / 3, places=1)
        self.assertEqual((row.revenue, row.average_value), (50000, 25000))
        self.assertEqual(row.satisfaction, 3.0)
        # members: a1 and the subsidiary's still enrolled, a2 left in October
        self.assertEqual((row.members, row.headcount), (2, 30))
        self.assertAlmostEqual(row.member_coverage, 200 / 30, places=1)
        self.assertAlmostEqual(row.stability_rate, 200 / 3, places=1)
        self.assertEqual((row.open_requests, row.breached_requests, row.contracts_expiring),
                         (1, 1, 1))
        self.assertEqual(row.accounts_per_manager, 2)
        # against the targets: retention 95 %, satisfaction 4, stability 70 %
        self.assertEqual((row.retention_ok, row.satisfaction_ok, row.stability_ok, row.load_ok),
                         (False, False, False, True))
        other = self._row(self.user_kam_other, self.tier_b)
        self.assertEqual((other.accounts_start, other.accounts_end, other.retention_rate,
                          other.members, other.stability_rate), (1, 1, 100, 1, 100))
        self.assertTrue(other.retention_ok)

    def test_rerun_replaces_the_month(self):
        first = self._october()
        figures = sorted(first.mapped(lambda r: (r.user_id.id, r.tier_id.id, r.accounts_end,
                                                 r.revenue, r.stability_rate)))
        with freeze_time(date(2026, 11, 6)):
            second = self.Snapshot._kam_compute_month(date(2026, 10, 1))
        self.assertFalse(first.exists())
        self.assertEqual(sorted(second.mapped(lambda r: (r.user_id.id, r.tier_id.id, r.accounts_end,
                                                         r.revenue, r.stability_rate))), figures)
        self.assertEqual(self.Snapshot.search_count([('month', '=', date(2026, 10, 1))]), len(second))

    def test_monthly_cron_computes_the_month_ended_and_the_current_one(self):
        """On the 1st of January: December of the year before, and January
        so far; a month's rows are replaced by a rerun, other months kept."""
        def months():
            return set(self.Snapshot.search([]).mapped('month'))

        self.Snapshot.search([]).unlink()
        with freeze_time(date(2026, 11, 5)):
            self.Snapshot._kam_compute_month(date(2026, 11, 1))
        for _run in range(2):
            with freeze_time(date(2027, 1, 1)), self._cron_commits() as calls:
                self.Snapshot._cron_kam_kpi_snapshot()
            self.assertEqual(calls, [(1, None), (1, None)], "each month committed on its own")
            self.assertEqual(months(), {date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)})
            self.assertEqual(len(self.Snapshot.search([('month', '=', date(2026, 12, 1)),
                                                       ('user_id', '=', self.user_kam.id),
                                                       ('tier_id', '=', self.tier_a.id)])), 1)
        # mid-month (a rerun by hand): still the month before and this one
        with freeze_time(date(2027, 3, 17)), self._cron_commits():
            self.Snapshot._cron_kam_kpi_snapshot()
        self.assertEqual(months() - {date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)},
                         {date(2027, 2, 1), date(2027, 3, 1)})

    def test_future_month_refused(self):
        with freeze_time(date(2026, 11, 5)):
            with self.assertRaisesText(UserError, "has not begun"):
                self.Snapshot._kam_compute_month(date(2026, 12, 1))
            with self.assertRaisesText(UserError, "has not begun"):
                self.env['kam.kpi.snapshot.wizard'].with_user(self.user_kam_manager).create(
                    {'month': date(2026, 12, 3)})
            action = self.env['kam.kpi.snapshot.wizard'].with_user(self.user_kam_manager).create(
                {'month': date(2026, 11, 3)}).action_compute()
        self.assertEqual(action['res_model'], 'kam.kpi.snapshot')
        self.assertTrue(self.Snapshot.search_count([('month', '=', date(2026, 11, 1))]))

    def test_users_read_their_own_rows(self):
        self._october()
        mine = self.Snapshot.with_user(self.user_kam).search([('month', '=', date(2026, 10, 1))])
        self.assertEqual(mine.user_id, self.user_kam)
        with self.assertRaises(AccessError):
            self._row(self.user_kam_other, self.tier_b).with_user(self.user_kam).read(['revenue'])
        with self.assertRaises(AccessError):
            self.env['kam.kpi.snapshot.wizard'].with_user(self.user_kam).create({})
        everyone = self.Snapshot.with_user(self.user_kam_manager).search(
            [('month', '=', date(2026, 10, 1))])
        self.assertEqual(everyone.user_id, self.user_kam | self.user_kam_other)

    def test_query_count_does_not_grow_with_accounts(self):
        def extra(count, start):
            for i in range(count):
                account = self._create_account(f"KPI Account {start + i}", kam_tier_id=self.tier_c.id,
                                               kam_monthly_revenue=100 * i)
                self._create_member(f"成员{start + i}", f"1390000{start + i:04d}", partner=account)

        extra(3, 0)
        with freeze_time(date(2026, 11, 5)):
            self.Snapshot._kam_compute_month(date(2026, 10, 1))  # warm up
            self.env.invalidate_all()
            small = self._count_queries(lambda: self.Snapshot._kam_compute_month(date(2026, 10, 1)))
            extra(12, 100)
            self.env.invalidate_all()
            large = self._count_queries(lambda: self.Snapshot._kam_compute_month(date(2026, 10, 1)))
        self.assertEqual(small, large, "the KPIs cost more queries with more accounts")

    def test_averages_skip_rates_without_a_base(self):
        """September has no accounts at start: its retention rate is empty,
        and the average over both months is October's alone."""
        self._october()
        rows = self.Snapshot._read_group(
            [('user_id', '=', self.user_kam.id), ('tier_id', '=', self.tier_a.id)],
            [], ['retention_rate:avg', 'satisfaction:avg'])
        retention, satisfaction = rows[0]
        self.assertAlmostEqual(retention, 200 / 3, places=1)
        self.assertEqual(satisfaction, 3.0)

    def test_positions_over_several_months_are_not_summed(self):
        """A pivot over September and October without the month: the
        accounts, members, revenue and open work at the end are October's
        (not both months added), the accounts at start September's, and
        what happened in the months (new accounts, breaches) their sum."""
        self._october()
        september = self._row(self.user_kam, self.tier_a, date(2026, 9, 1))
        october = self._row(self.user_kam, self.tier_a)
        self.assertTrue(september.accounts_end and october.accounts_end)
        domain = [('user_id', '=', self.user_kam.id), ('tier_id', '=', self.tier_a.id)]
        aggregates = ['accounts_start:sum', 'accounts_end:sum', 'members:sum', 'revenue:sum',
                      'accounts_new:sum', 'breached_requests:sum']
        [row] = self.Snapshot.formatted_read_group(domain, [], aggregates)
        self.assertEqual([row[spec] for spec in aggregates], [
            september.accounts_start, october.accounts_end, october.members, october.revenue,
            september.accounts_new + october.accounts_new,
            september.breached_requests + october.breached_requests])
        # the code's own grouped reads (targets, scorecards) keep plain sums
        [(plain,)] = self.Snapshot._read_group(domain, [], ['accounts_end:sum'])
        self.assertEqual(plain, september.accounts_end + october.accounts_end)
        # the pivot's own path: the total and each month in one query
        groups = self.Snapshot.formatted_read_grouping_sets(
            domain, [[], ['month:month']], ['accounts_end:sum', 'accounts_start:sum'])
        total, by_month = groups
        self.assertEqual(total[0]['accounts_end:sum'], october.accounts_end)
        self.assertEqual(total[0]['accounts_start:sum'], september.accounts_start)
        self.assertEqual(sorted(group['accounts_end:sum'] for group in by_month),
                         sorted([september.accounts_end, october.accounts_end]))
