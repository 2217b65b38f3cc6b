import contextlib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KamCommon, KamCronCrash

MONTH = date(2026, 4, 1)


@tagged('post_install', '-at_install')
class TestScorecards(KamCommon):
    """Monthly scorecards: weighted KPIs against the month's share of the
    managers' targets, ranks in team and region, incentive bands, the
    department head's sign-off that freezes them, the monthly job that
    builds each manager's once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['kam.target'].search([]).unlink()
        cls.env['kam.scorecard'].search([]).unlink()
        Region = cls.env['kam.region']
        province = Region.create({'name': "Score Province", 'level': 'province'})
        cls.city = Region.create({'name': "Score City", 'level': 'city', 'parent_id': province.id})
        cls.user_kam_third = new_test_user(cls.env, login='kam_score_user3', name="Manager Three",
                                           groups='key_account_management.group_kam_user')
        cls.head = new_test_user(cls.env, login='kam_score_head', name="Score Head",
                                 groups='key_account_management.group_kam_region_head')
        cls.city.write({'head_user_ids': [(4, cls.head.id)],
                        'user_ids': [(4, cls.user_kam.id), (4, cls.user_kam_other.id)]})
        cls.team = cls.env['crm.team'].create({
            'name': "Score Team", 'user_id': cls.user_kam.id,
            'member_ids': [(4, cls.user_kam_other.id), (4, cls.user_kam_third.id)]})
        Target = cls.env['kam.target']
        # a year's revenue of 12,000: 1,000 a month; a quarter's new accounts; a retention rate
        for user in (cls.user_kam, cls.user_kam_other, cls.user_kam_third, cls.user_kam_manager):
            Target.create({'kpi': 'revenue', 'level': 'user', 'user_id': user.id,
                           'period_type': 'year', 'date_start': MONTH, 'target_value': 12000})
        Target.create({'kpi': 'retention_rate', 'level': 'user', 'user_id': cls.user_kam.id,
                       'period_type': 'quarter', 'date_start': MONTH, 'target_value': 95})
        Snapshot = cls.env['kam.kpi.snapshot'].sudo()
        for user, revenue, retention in ((cls.user_kam, 1500, 95), (cls.user_kam_other, 500, 80),
                                         (cls.user_kam_third, 800, 100), (cls.user_kam_manager, 1000, 0)):
            Snapshot.create({'month': MONTH, 'company_id': cls.company.id, 'user_id': user.id,
                             'revenue': revenue, 'retention_rate': retention})
        cls.Scorecard = cls.env['kam.scorecard']

    def _run_cron(self, crash_at=None, batch_size=200):
        with freeze_time('2026-05-01'), self._cron_commits(crash_at=crash_at) as calls:
            # a crash asked for by crash_at: the worker died after a commit
            with contextlib.suppress(KamCronCrash):
                self.Scorecard._cron_kam_scorecards(batch_size=batch_size)
        return calls

    def _card(self, user):
        return self.Scorecard.search([('user_id', '=', user.id), ('month', '=', MONTH)])

    def test_scores_ranks_and_incentives(self):
        self._run_cron()
        mine = self._card(self.user_kam)
        # revenue 150 % (capped at 120) weighs 40, retention 100 % weighs 15
        self.assertEqual(sorted(mine.line_ids.mapped('kpi')), ['retention_rate', 'revenue'])
        revenue = mine.line_ids.filtered(lambda line: line.kpi == 'revenue')
        self.assertEqual((revenue.target_value, revenue.achieved, revenue.rate), (1000, 1500, 150))
        self.assertAlmostEqual(mine.score, (120 * 40 + 100 * 15) / 55, places=1)
        self.assertEqual(mine.incentive, 4000)
        other, third = self._card(self.user_kam_other), self._card(self.user_kam_third)
        self.assertEqual((other.score, third.score), (50, 80))
        self.assertEqual((other.incentive, third.incentive), (0, 2500))
        self.assertEqual((mine.team_id, other.team_id, third.team_id), (self.team,) * 3)
        self.assertEqual((mine.rank_team, third.rank_team, other.rank_team), (1, 2, 3))
        self.assertEqual((mine.region_id, mine.rank_region, other.rank_region), (self.city, 1, 2))
        self.assertEqual(third.rank_region, 0, "no region: no rank in it")

    def test_sign_off_freezes(self):
        self._run_cron()
        mine, own = self._card(self.user_kam), self._card(self.user_kam_manager)
        with self.assertRaisesText(UserError, "Only the department head"):
            mine.with_user(self.head).action_sign_off()
        with self.assertRaisesText(UserError, "his own scorecard"):
            own.with_user(self.user_kam_manager).action_sign_off()
        mine.with_user(self.user_kam_manager).action_sign_off()
        self.assertEqual((mine.state, mine.signed_by_id), ('signed', self.user_kam_manager))
        with self.assertRaisesText(UserError, "already signed off"):
            mine.with_user(self.user_kam_manager).action_sign_off()
        with self.assertRaisesText(UserError, "frozen"):
            mine.with_user(self.user_kam_manager).action_recompute()
        # new figures change the draft scorecards only
        score = mine.score
        self.env['kam.kpi.snapshot'].sudo().search([('month', '=', MONTH)]).write({'revenue': 0})
        (self._card(self.user_kam_other)).with_user(self.user_kam_manager).action_recompute()
        self.assertEqual(self._card(self.user_kam_other).score, 0)
        self.Scorecard._kam_build(MONTH, self.user_kam, self.company)
        self.assertEqual(mine.score, score)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_kam_manager).write({'score': 1})

    def test_cron_builds_each_once(self):
        calls = self._run_cron(crash_at=1, batch_size=2)
        self.assertEqual(calls, [(2, 2)])
        self.assertEqual(self.Scorecard.search_count([('month', '=', MONTH)]), 2)
        calls = self._run_cron(batch_size=2)
        self.assertEqual(calls, [(2, 0)], "the rerun does only what was left")
        self.assertEqual(self._run_cron(batch_size=2), [], "and a third run nothing")
        cards = self.Scorecard.search([('month', '=', MONTH)])
        self.assertEqual(len(cards), 4)
        self.assertEqual(len(cards.user_id), 4)
        self.assertEqual(sorted(cards.filtered('team_id').mapped('rank_team')), [1, 2, 3])

    def test_access_by_level(self):
        self._run_cron()
        cards = self.Scorecard.search([('month', '=', MONTH)])
        mine = self._card(self.user_kam)
        self.assertEqual(self.Scorecard.with_user(self.user_kam).search([('id', 'in', cards.ids)]), mine)
        self.assertEqual(self.env['kam.scorecard.line'].with_user(self.user_kam).search(
            [('scorecard_id', 'in', cards.ids)]), mine.line_ids)
        self.assertEqual(self.Scorecard.with_user(self.head).search([('id', 'in', cards.ids)]),
                         mine | self._card(self.user_kam_other))
        self.assertEqual(self.Scorecard.with_user(self.user_kam_manager).search(
            [('id', 'in', cards.ids)]), cards)
        with self.assertRaises(AccessError):
            self._card(self.user_kam_third).with_user(self.user_kam).read(['score'])

    def test_500_managers_queries(self):
        """Building and ranking the scorecards of 500 managers costs the
        queries of 20."""
        users = self.env['res.users'].create([{
            'name': f"Scored Manager {i}", 'login': f'kam_scored_{i}',
            'group_ids': [(4, self.env.ref('key_account_management.group_kam_user').id)]}
            for i in range(500)])
        self.city.user_ids = [(4, uid) for uid in users.ids]
        self.env['kam.target'].create([{
            'kpi': 'revenue', 'level': 'user', 'user_id': uid, 'period_type': 'month',
            'date_start': MONTH, 'target_value': 1000} for uid in users.ids])
        self.env['kam.kpi.snapshot'].sudo().create([{
            'month': MONTH, 'company_id': self.company.id, 'user_id': uid, 'revenue': 10 * index}
            for index, uid in enumerate(users.ids)])

        def build(chunk):
            self.env.invalidate_all()
            self.Scorecard._kam_build(MONTH, chunk, self.company)
            self.Scorecard._kam_rank(MONTH, self.company)
            self.env.flush_all()

        few = self._count_queries(lambda: build(users[:20]))
        many = self._count_queries(lambda: build(users[20:]))
        # rows are inserted and updated 100 at a time: a few more batches
        self.assertLessEqual(many, few + 15)
        self.assertLessEqual(many, 60)
        self.assertEqual(self.Scorecard.search_count([('month', '=', MONTH)]), 500)
        best, last = self._card(users[120]), self._card(users[0])
        self.assertEqual((best.score, best.rank_region), (120, 1))
        self.assertEqual((last.score, last.rank_region), (0, 500))
