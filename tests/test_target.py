from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import KamCommon

HEAD = 'key_account_management.group_kam_region_head'


@tagged('post_install', '-at_install')
class TestTargets(KamCommon):
    """Targets of the province split to two cities and their managers:
    the parts add up, changed parts re-balance or are refused, periods do
    not overlap, each level sees its own, achievement comes from the KPI
    snapshots in a constant number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env['kam.region']
        cls.province = Region.create({'name': "Test Province", 'level': 'province'})
        cls.city_a = Region.create({'name': "City A", 'level': 'city', 'parent_id': cls.province.id})
        cls.city_b = Region.create({'name': "City B", 'level': 'city', 'parent_id': cls.province.id})
        cls.district_a = Region.create({'name': "District A1", 'level': 'district',
                                        'parent_id': cls.city_a.id})
        cls.user_kam_third = new_test_user(cls.env, login='kam_test_user3', name="Manager Three",
                                           groups='key_account_management.group_kam_user')
        cls.head_a = new_test_user(cls.env, login='kam_target_head_a', name="Head of A", groups=HEAD)
        cls.city_a.write({'head_user_ids': [(4, cls.head_a.id)],
                          'user_ids': [(4, cls.user_kam.id), (4, cls.user_kam_third.id)]})
        cls.city_b.user_ids = [(4, cls.user_kam_other.id)]
        # every other city of the database is taken out of the way
        Region.search([('level', '=', 'city'), ('id', 'not in', (cls.city_a | cls.city_b).ids)]).write(
            {'active': False})
        # key accounts held: three in City A (one in its district), one in City B
        for name, user, region in (("A1", cls.user_kam, cls.city_a), ("A2", cls.user_kam, cls.district_a),
                                   ("A3", cls.user_kam_third, cls.city_a),
                                   ("B1", cls.user_kam_other, cls.city_b)):
            cls._create_account(f"Target Account {name}", kam_manager_id=user.id,
                                kam_region_id=region.id)
        cls.Target = cls.env['kam.target']
        # the demo's targets are out of the way of the crafted ones
        cls.Target.search([]).unlink()

    def _province_target(self, value=1000.0, kpi='revenue', **vals):
        return self.Target.create(dict({
            'kpi': kpi, 'level': 'company', 'period_type': 'year', 'date_start': date(2026, 5, 17),
            'target_value': value, 'company_id': self.company.id}, **vals))

    def _split(self, target, basis, values=None, level=None, user=None):
        wizard_model = self.env['kam.target.split.wizard'].with_user(user or self.env.user)
        form = Form(wizard_model.with_context(default_target_id=target.id))
        if level:
            form.child_level = level
        if target.aggregation == 'sum':
            form.basis = basis
        if values:
            for index, value in enumerate(values):
                with form.line_ids.edit(index) as line:
                    line.target_value = value
        wizard = form.save()
        wizard.action_split()
        return target.child_ids.sorted(lambda t: (t.region_id.name or '', t.user_id.name or ''))

    def _snapshot(self, month, user, **vals):
        return self.env['kam.kpi.snapshot'].sudo().create(dict(
            {'month': month, 'company_id': self.company.id, 'user_id': user.id}, **vals))

    # ------------------------------------------------------------
    # Decomposition
    # ------------------------------------------------------------

    def test_period_and_display(self):
        target = self._province_target()
        self.assertEqual((target.date_start, target.date_end), (date(2026, 1, 1), date(2026, 12, 31)))
        quarter = self._province_target(kpi='accounts_new', period_type='quarter',
                                        date_start=date(2026, 5, 17))
        self.assertEqual((quarter.date_start, quarter.date_end), (date(2026, 4, 1), date(2026, 6, 30)))
        self.assertIn("2026 Q2", quarter.display_name)

    def test_split_by_accounts_held(self):
        province = self._province_target(1000)
        parts = self._split(province, 'accounts')
        self.assertEqual(parts.mapped('region_id'), self.city_a | self.city_b)
        self.assertEqual(parts.mapped('target_value'), [750.0, 250.0])
        self.assertEqual(sum(parts.mapped('target_value')), province.target_value)
        # City A on to its managers: two accounts against one
        managers = self._split(parts[0], 'accounts', level='user')
        self.assertEqual({(t.user_id, t.target_value) for t in managers},
                         {(self.user_kam, 500.0), (self.user_kam_third, 250.0)})
        self.assertEqual(managers.region_id, self.city_a)

    def test_split_by_last_year_share(self):
        self._snapshot(date(2025, 3, 1), self.user_kam, revenue=200)
        self._snapshot(date(2025, 4, 1), self.user_kam_third, revenue=100)
        self._snapshot(date(2025, 4, 1), self.user_kam_other, revenue=100)
        self._snapshot(date(2024, 4, 1), self.user_kam_other, revenue=900)  # not last year
        province = self._province_target(1000)
        parts = self._split(province, 'last_year')
        self.assertEqual(parts.mapped('target_value'), [750.0, 250.0])
        # by hand: equal parts to start from
        parts = self._split(self._province_target(100, kpi='accounts_new'), 'manual')
        self.assertEqual(parts.mapped('target_value'), [50.0, 50.0])

    def test_rates_are_handed_down(self):
        province = self._province_target(95, kpi='retention_rate')
        parts = self._split(province, 'accounts')
        self.assertEqual(parts.mapped('target_value'), [95.0, 95.0])
        parts[0].target_value = 97  # a rate part changes alone
        self.assertEqual(parts.mapped('target_value'), [97.0, 95.0])

    def test_parts_must_add_up(self):
        province = self._province_target(1000)
        with self.assertRaisesText(ValidationError, "add up to 900.00, not to the target's 1,000.00"):
            self._split(province, 'manual', values=[600, 300])
        self.assertFalse(province.child_ids)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._split(province, 'manual', values=[1100, -100])
        self.assertFalse(province.child_ids)
        self._split(province, 'manual', values=[600, 400])
        with self.assertRaisesText(UserError, "already split"):
            self._split(province, 'manual')

    def test_changed_part_rebalances(self):
        province = self._province_target(1000)
        city_a, city_b = self._split(province, 'accounts')
        managers = self._split(city_a, 'accounts', level='user')
        mine = managers.filtered(lambda t: t.user_id == self.user_kam)
        # City B takes 100 more: City A gives it up, its managers in proportion
        city_b.target_value = 350
        self.assertEqual((city_a.target_value, city_b.target_value), (650, 350))
        self.assertEqual(sorted(managers.mapped('target_value')), [216.67, 433.33])
        self.assertEqual(sum(managers.mapped('target_value')), city_a.target_value)
        # the whole grows: its parts are re-scaled
        province.target_value = 2000
        self.assertEqual((city_a.target_value, city_b.target_value), (1300, 700))
        self.assertEqual(mine.target_value + (managers - mine).target_value, 1300)
        # a part larger than its whole cannot be absorbed
        with self.assertRaisesText(UserError, "cannot absorb"):
            city_b.target_value = 2500
        self.assertEqual(city_b.target_value, 700)
        # a part is not deleted alone
        with self.assertRaisesText(UserError, "gap"):
            city_b.unlink()
        with self.assertRaisesText(UserError, "parts of a target before"):
            province.unlink()

    def test_changed_part_refused(self):
        province = self._province_target(1000, rebalance_mode='refuse')
        city_a, city_b = self._split(province, 'accounts')
        with self.assertRaisesText(UserError, "must add up"):
            city_b.target_value = 300
        with self.assertRaisesText(UserError, "split into parts"):
            province.target_value = 1200
        self.assertEqual((province.target_value, city_a.target_value, city_b.target_value),
                         (1000, 750, 250))
        with self.assertRaisesText(UserError, "period of a split target"):
            city_a.date_start = date(2027, 1, 1)

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_bad_input(self):
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._province_target(-5, kpi='accounts_new')
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            self._province_target(120, kpi='stability_rate')
        with self.assertRaisesText(ValidationError, "Choose the region"):
            self.Target.create({'kpi': 'revenue', 'level': 'region', 'target_value': 1,
                                'date_start': date(2026, 1, 1)})
        target = self._province_target(1000)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            target.target_value = -1
        self.assertEqual(target.target_value, 1000)

    def test_overlapping_periods(self):
        self._province_target(1000)
        with self.assertRaisesText(ValidationError, "overlaps another one"):
            self._province_target(1200, date_start=date(2026, 12, 1))
        # another KPI, another kind of period, another year: no overlap
        self._province_target(10, kpi='accounts_new')
        self._province_target(100, period_type='month', date_start=date(2026, 3, 1))
        self._province_target(1000, date_start=date(2027, 1, 1))
        manager = {'kpi': 'revenue', 'level': 'user', 'period_type': 'quarter',
                   'date_start': date(2026, 1, 1), 'target_value': 10, 'user_id': self.user_kam.id}
        self.Target.create(manager)
        self.Target.create(dict(manager, user_id=self.user_kam_other.id))
        with self.assertRaisesText(ValidationError, "overlaps"):
            self.Target.create(dict(manager, date_start=date(2026, 2, 14)))

    # ------------------------------------------------------------
    # Access by level
    # ------------------------------------------------------------

    def test_access_by_level(self):
        province = self._province_target(1000)
        city_a, city_b = self._split(province, 'accounts')
        managers = self._split(city_a, 'accounts', level='user')
        others = self._split(city_b, 'accounts', level='user')
        mine = managers.filtered(lambda t: t.user_id == self.user_kam)
        everything = province | city_a | city_b | managers | others
        # a manager reads his own target, and changes none
        self.assertEqual(self.Target.with_user(self.user_kam).search([('id', 'in', everything.ids)]),
                         mine)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_kam).target_value = 900
        with self.assertRaises(AccessError):
            city_b.with_user(self.user_kam).read(['target_value'])
        # the head of City A: his region's target and its parts
        head = self.Target.with_user(self.head_a)
        self.assertEqual(head.search([('id', 'in', everything.ids)]), city_a | managers)
        with self.assertRaisesText(AccessError, "his own target"):
            city_a.with_user(self.head_a).target_value = 800
        (managers - mine).with_user(self.head_a).target_value = 200
        self.assertEqual(mine.target_value + 200, city_a.target_value)
        with self.assertRaises(AccessError):
            others.with_user(self.head_a).target_value = 5
        # he splits none of his own, nor the province's
        with self.assertRaises(AccessError):
            self.env['kam.target.split.wizard'].with_user(self.head_a).create(
                {'target_id': city_b.id}).action_split()
        # the department head: everything, except a target of his own
        self.assertEqual(self.Target.with_user(self.user_kam_manager).search(
            [('id', 'in', everything.ids)]), everything)
        city_b.with_user(self.user_kam_manager).target_value = 300
        with self.assertRaisesText(AccessError, "his own target"):
            self.Target.with_user(self.user_kam_manager).create({
                'kpi': 'revenue', 'level': 'user', 'user_id': self.user_kam_manager.id,
                'date_start': date(2026, 1, 1), 'target_value': 10})

    # ------------------------------------------------------------
    # Achievement
    # ------------------------------------------------------------

    @freeze_time('2026-05-20')
    def test_achievement_from_snapshots(self):
        province = self._province_target(1000)
        city_a, city_b = self._split(province, 'accounts')
        quarter = self.Target.create({
            'kpi': 'stability_rate', 'level': 'region', 'region_id': self.city_a.id,
            'period_type': 'quarter', 'date_start': date(2026, 4, 1), 'target_value': 80})
        for month, user, revenue, stability in (
                (date(2025, 12, 1), self.user_kam, 999, 10),   # last year
                (date(2026, 3, 1), self.user_kam, 100, 50),
                (date(2026, 4, 1), self.user_kam, 100, 60),
                (date(2026, 4, 1), self.user_kam_third, 50, 90),
                (date(2026, 5, 1), self.user_kam, 120, None),   # stability without a base
                (date(2026, 5, 1), self.user_kam_other, 70, 40)):
            row = self._snapshot(month, user, revenue=revenue, stability_rate=stability or 0)
            if stability is None:
                row.flush_recordset()
                self.env.cr.execute("UPDATE kam_kpi_snapshot SET stability_rate = NULL WHERE id = %s",
                                    [row.id])
                row.invalidate_recordset()
        (province | city_a | city_b | quarter).action_refresh_achievement()
        self.assertEqual((city_a.achieved, city_a.achieved_mtd, city_a.achieved_ytd), (370, 120, 370))
        self.assertAlmostEqual(city_a.achievement_rate, 370 / 7.5, places=1)
        self.assertEqual((city_b.achieved, city_b.achieved_mtd), (70, 70))
        self.assertEqual((province.achieved, province.achieved_mtd), (440, 190))
        # rates: averaged over the rows where they apply (April's two, not May's empty one)
        self.assertEqual((quarter.achieved, quarter.achieved_mtd), (75, 0))
        self.assertAlmostEqual(quarter.achieved_ytd, (50 + 60 + 90) / 3, places=2)

    @freeze_time('2026-05-20')
    def test_achievement_from_billing(self):
        """ICT and billed revenue targets read the billing system's figures
        of the monthly KPIs."""
        ict = self.Target.create({
            'kpi': 'ict_revenue', 'level': 'user', 'user_id': self.user_kam.id,
            'period_type': 'quarter', 'date_start': date(2026, 4, 1), 'target_value': 3000})
        billed = self.Target.create({
            'kpi': 'billed_revenue', 'level': 'user', 'user_id': self.user_kam.id,
            'period_type': 'year', 'date_start': date(2026, 1, 1), 'target_value': 12000})
        self._snapshot(date(2026, 4, 1), self.user_kam, ict_revenue=400, billed_revenue=1000)
        self._snapshot(date(2026, 5, 1), self.user_kam, ict_revenue=600, billed_revenue=1500)
        (ict | billed).action_refresh_achievement()
        self.assertEqual((ict.achieved, ict.achieved_mtd, ict.aggregation), (1000, 600, 'sum'))
        self.assertEqual(billed.achieved, 2500)

    def test_achievement_refreshed_by_the_monthly_kpis(self):
        account = self.env['res.partner'].search([('name', '=', "Target Account B1")])
        account.kam_monthly_revenue = 3000
        with freeze_time('2026-06-10'):
            target = self._province_target(1000)
            target.flush_recordset()
            self.env['kam.kpi.snapshot']._kam_compute_month(date(2026, 6, 1))
            self.assertGreaterEqual(target.achieved, 3000)

    def test_achievement_queries_constant(self):
        """Refreshing 10 or 60 targets of managers, teams and regions costs
        the same queries."""
        team = self.env['crm.team'].create({'name': "Target Team", 'user_id': self.user_kam.id,
                                            'member_ids': [(4, self.user_kam_third.id)]})
        users = self.env['res.users'].create([{
            'name': f"Target Manager {i}", 'login': f'kam_target_mgr_{i}',
            'group_ids': [(4, self.env.ref('key_account_management.group_kam_user').id)]}
            for i in range(60)])
        self.city_a.user_ids = [(4, uid) for uid in users.ids]
        self.env['kam.kpi.snapshot'].sudo().create([
            {'month': date(2026, 3, 1), 'company_id': self.company.id, 'user_id': uid, 'revenue': 10}
            for uid in users.ids])
        targets = self.Target.create([{
            'kpi': 'revenue', 'level': 'user', 'user_id': user.id, 'period_type': 'year',
            'date_start': date(2026, 1, 1), 'target_value': 100} for user in users])
        targets |= self.Target.create([
            {'kpi': 'revenue', 'level': 'team', 'team_id': team.id, 'period_type': 'year',
             'date_start': date(2026, 1, 1), 'target_value': 100},
            {'kpi': 'revenue', 'level': 'region', 'region_id': self.city_a.id, 'period_type': 'year',
             'date_start': date(2026, 1, 1), 'target_value': 100},
            {'kpi': 'stability_rate', 'level': 'region', 'region_id': self.city_b.id,
             'period_type': 'year', 'date_start': date(2026, 1, 1), 'target_value': 100},
        ])
        small = targets[:7] | targets[-3:]

        def refresh(records):
            self.env.invalidate_all()
            records._kam_refresh_achievement()
            records.flush_recordset()

        refresh(targets)
        with freeze_time('2026-05-20'):
            counts = [self._count_queries(lambda recs=recs: refresh(recs)) for recs in (small, targets)]
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 12)
        self.assertEqual(targets[-2].achieved, 600)


@tagged('post_install', '-at_install')
class TestTargetTour(HttpCase, KamCommon):

    def test_target_tour(self):
        self.env['kam.target'].search([]).unlink()
        Region = self.env['kam.region']
        Region.search([('level', '=', 'city')]).active = False
        province = Region.create({'name': "Tour Province", 'level': 'province'})
        city_a = Region.create({'name': "Tour City A", 'level': 'city', 'parent_id': province.id})
        city_b = Region.create({'name': "Tour City B", 'level': 'city', 'parent_id': province.id})
        for index, region in enumerate((city_a, city_a, city_a, city_b)):
            self._create_account(f"Tour Target Account {index}", kam_region_id=region.id)
        self.env['kam.target'].create({
            'kpi': 'revenue', 'level': 'company', 'period_type': 'year',
            'date_start': date(2026, 1, 1), 'target_value': 1000})
        star = new_test_user(self.env, login='kam_tour_star', name="Tour Star Manager",
                             groups='key_account_management.group_kam_user')
        team = self.env['crm.team'].create({'name': "Tour Team", 'member_ids': [(4, star.id),
                                                                                (4, self.user_kam.id)]})
        month = date(2026, 3, 1)
        for user, revenue in ((star, 1500), (self.user_kam, 700)):
            self.env['kam.target'].create({'kpi': 'revenue', 'level': 'user', 'user_id': user.id,
                                           'period_type': 'month', 'date_start': month,
                                           'target_value': 900})
            self.env['kam.kpi.snapshot'].create({'month': month, 'company_id': self.company.id,
                                                 'user_id': user.id, 'revenue': revenue})
        self.env['kam.scorecard']._kam_build(month, star | self.user_kam, self.company)
        self.env['kam.scorecard']._kam_rank(month, self.company)
        self.assertEqual(team.member_ids, star | self.user_kam)
        self.start_tour("/odoo", "kam_target_tour", login=self.user_kam_manager.login)
