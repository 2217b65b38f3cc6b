from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common_retention import KamRetentionCommon


@tagged('post_install', '-at_install')
class TestRetentionCases(KamRetentionCommon):
    """Early warning, one open case per account, the case's closed loop and
    its outcome, and who sees and changes cases."""

    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(self.TODAY))
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.health_risk_below', 90)
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.health_watch_below', 95)

    def _risk(self, account):
        """Enough factors to put the account at risk (below 90)."""
        self._offer(account, threat='high')

    def test_early_warning_opens_one_case_across_reruns(self):
        self._risk(self.group_b)
        self._visit(self.group_b, 5, satisfaction=4)
        Partner = self.env['res.partner']
        with self._cron_commits() as calls:
            Partner._cron_kam_health(batch_size=2)
        self.assertTrue(calls)
        self.assertEqual(self.group_b.kam_health_band, 'at_risk')
        case = self.Case.search([('partner_id', '=', self.group_b.id)])
        self.assertEqual(len(case), 1)
        self.assertEqual(case.trigger, 'auto')
        self.assertEqual(case.user_id, self.user_kam_other)
        self.assertEqual(case.score_at_open, 85)
        self.assertIn("Competitor offer logged", case.factor_summary)
        self.assertEqual(case.date_deadline, self.TODAY + timedelta(days=5))  # tier B
        activity = case.activity_ids
        self.assertEqual((activity.user_id, activity.date_deadline),
                         (self.user_kam_other, self.TODAY + timedelta(days=5)))
        # rerun the same day, the next day, and by hand: still one open case
        with self._cron_commits():
            Partner._cron_kam_health()
        with freeze_time(self.TODAY + timedelta(days=1)), self._cron_commits():
            Partner._cron_kam_health()
        self.group_b._kam_compute_health()
        self.assertEqual(self.group_b.with_user(self.user_kam_other)
                         .action_kam_open_retention_case()['res_id'], case.id)
        self.assertEqual(self.Case.search_count([('partner_id', '=', self.group_b.id)]), 1)

    def test_cron_resumes_and_skips_a_failing_account(self):
        accounts = self.group_a | self.sub_a | self.group_b
        with self._cron_commits(crash_at=1):
            # the worker died right after committing the first chunk
            with self._expect_crash():
                self.env['res.partner']._cron_kam_health(batch_size=1)
        measured = accounts.filtered(lambda a: a.kam_health_date == self.TODAY)
        self.assertEqual(len(measured), 1)
        # the next run: the sub-company's factor fails; the others are measured
        bad = self.sub_a
        original = self.registry['res.partner']._kam_health_no_visit

        def failing(partners, rule, today):
            if bad in partners:
                raise ValueError("factor failed")
            return original(partners, rule, today)

        with self._cron_commits() as calls, \
                patch.object(self.registry['res.partner'], '_kam_health_no_visit', failing):
            self.env['res.partner']._cron_kam_health(batch_size=2)
        self.assertTrue(calls)
        self.assertTrue(all(a.kam_health_date == self.TODAY for a in accounts))
        self.assertFalse(bad.kam_health_factor_ids)
        self.assertTrue(self.group_b.kam_health_factor_ids or self.group_b.kam_health_score == 100)
        failure = bad.activity_ids.filtered(lambda a: "could not process" in (a.summary or ''))
        self.assertEqual(failure.user_id, self.user_kam)
        self.assertIn("factor failed", failure.note)

    def test_query_count_per_chunk_is_constant(self):
        accounts = self.env['res.partner']
        for i in range(12):
            account = self._create_account(f"Account {i}", kam_tier_id=self.tier_c.id,
                                           kam_monthly_revenue=1000 * i)
            self._offer(account, threat='low')
            accounts |= account
        accounts._kam_compute_health()  # warm up (first history rows)
        self.env.invalidate_all()
        small = self._count_queries(lambda: accounts[:3]._kam_compute_health())
        self.env.invalidate_all()
        large = self._count_queries(lambda: accounts._kam_compute_health())
        self.assertEqual(small, large, "the health job's cost grows with the chunk size")

    def test_closing_needs_an_outcome(self):
        case = self.Case.with_user(self.user_kam).create({'partner_id': self.group_a.id})
        self.assertEqual(case.name[:3], "RC/")
        self.assertEqual((case.user_id, case.revenue_at_risk), (self.user_kam, 50000))
        self.assertTrue(case.action_start())
        with self.assertRaisesText(UserError, "Enter the monthly revenue kept"):
            case.action_retained()
        with self.assertRaisesText(UserError, "Say why the customer was lost"):
            case.action_lost()
        case.retained_revenue = 50000
        with self.assertRaisesText(UserError, "keeps some of the revenue at risk"):
            case.action_partly_retained()
        self.assertEqual(case.state, 'in_progress')
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            case.retained_revenue = -1
        case.write({'action_ids': [
            (0, 0, {'kind': 'care_visit', 'name': "总经理拜访", 'cost': 800, 'effect': 'high'}),
            (0, 0, {'kind': 'offer', 'name': "专线提速不加价", 'cost': 12000, 'effect': 'medium'}),
        ], 'retained_revenue': 45000})
        self.assertTrue(case.action_retained())
        self.assertEqual((case.state, case.date_closed, case.action_cost), ('retained', self.TODAY, 12800))
        self.assertEqual(case.retention_rate, 90)
        with self.assertRaisesText(UserError, "only through its buttons"):
            case.state = 'lost'
        with self.assertRaisesText(UserError, "archive it instead"):
            case.with_user(self.user_kam_manager).unlink()
        self.assertTrue(case.action_reopen())
        self.assertEqual(case.state, 'in_progress')

    def test_closed_case_is_read_only(self):
        case = self.Case.with_user(self.user_kam).create({'partner_id': self.group_a.id})
        case.write({'retained_revenue': 40000, 'action_ids': [
            (0, 0, {'kind': 'care_visit', 'name': "总经理拜访", 'cost': 800})]})
        case.action_retained()
        for vals in ({'retained_revenue': 50000}, {'note': "<p>later</p>"}, {'date_deadline': self.TODAY},
                     {'action_ids': [(0, 0, {'kind': 'event', 'name': "答谢会"})]}):
            with self.subTest(vals=list(vals)), self.assertRaisesText(UserError, "reopen it first"):
                case.write(vals)
        with self.assertRaisesText(UserError, "reopen it first"):
            case.action_ids.cost = 0
        with self.assertRaisesText(UserError, "reopen it first"):
            case.action_ids.unlink()
        with self.assertRaisesText(UserError, "reopen it first"):
            self.env['kam.retention.action'].with_user(self.user_kam).create(
                {'case_id': case.id, 'kind': 'event', 'name': "答谢会"})
        self.assertEqual((case.retained_revenue, case.action_cost, len(case.action_ids)), (40000, 800, 1))
        # archiving and the chatter stay open; the buttons reopen it
        case.message_post(body="已续签三年")
        case.active = False
        case.active = True
        self.assertTrue(case.action_reopen())
        case.retained_revenue = 50000
        self.assertEqual(case.retention_rate, 100)
        # the form shows it read-only too
        arch = etree.fromstring(self.Case.get_view(self.env.ref(
            'key_account_management.kam_retention_case_view_form').id)['arch'])
        for name in ('retained_revenue', 'note', 'action_ids', 'date_deadline', 'reason_ids'):
            self.assertIn("state not in ('open', 'in_progress')",
                          arch.xpath(f"//sheet//field[@name='{name}']")[0].get('readonly', ''), name)

    def test_one_open_case_per_account(self):
        case = self.Case.create({'partner_id': self.group_a.id})
        with self.assertRaisesText(UserError, f"already has an open retention case: {case.name}"):
            self.Case.create({'partner_id': self.group_a.id})
        case.write({'retained_revenue': 50000})
        case.action_retained()
        second = self.Case.create({'partner_id': self.group_a.id})
        with self.assertRaisesText(UserError, second.name):
            case.action_reopen()
        with self.assertRaisesText(ValidationError, "for key accounts"):
            self.Case.create({'partner_id': self.competitor.id})

    def test_users_see_and_change_cases_of_their_accounts_only(self):
        case_a = self.Case.create({'partner_id': self.group_a.id})
        case_b = self.Case.create({'partner_id': self.group_b.id})
        Case = self.Case.with_user(self.user_kam)
        self.assertEqual(Case.search([]), case_a)
        with self.assertRaises(AccessError):
            case_b.with_user(self.user_kam).read(['name'])
        with self.assertRaises(AccessError):
            Case.create({'partner_id': self.group_b.id})
        with self.assertRaises(AccessError):
            self.group_b.with_user(self.user_kam).action_kam_open_retention_case()
        with self.assertRaises(AccessError):
            self.Case.with_user(self.user_internal).search([])
        self.assertEqual(self.Case.with_user(self.user_kam_manager).search([]), case_a | case_b)
        self.assertEqual(self.group_a.with_user(self.user_kam).kam_retention_case_count, 1)
        self.assertEqual(self.group_b.with_user(self.user_kam).kam_retention_case_count, 0)
        # a new manager of B takes its cases along
        self.group_b.kam_manager_id = self.user_kam
        self.assertEqual(Case.search([]), case_a | case_b)


@tagged('post_install', '-at_install')
class TestVisitsAndOffers(KamRetentionCommon):

    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(self.TODAY))

    def test_visit_bad_input(self):
        with self.assertRaisesText(ValidationError, "rated from 1"):
            self._visit(self.group_a, 1, satisfaction=6)
        visit = self._visit(self.group_a, -3, done=False)
        with self.assertRaisesText(ValidationError, "A visit in the future cannot be done"):
            visit.action_done()
        self.assertEqual(visit.state, 'planned')
        with self.assertRaisesText(UserError, "only through its buttons"):
            visit.with_user(self.user_kam).state = 'done'
        with self.assertRaisesText(ValidationError, "for key accounts"):
            self.Visit.create({'name': "x", 'partner_id': self.competitor.id})
        visit.unlink()  # a planned visit may be deleted

    def test_visit_plan_activity_once_and_closed_by_the_visit(self):
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_visit')

        def plan_activities(account):
            return account.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        # tier A: every 30 days; last visit 25 days ago -> due in 5 days, within the week
        self._visit(self.group_a, 25)
        self._visit(self.group_b, 10)  # tier B: 60 days, not due
        accounts = self.group_a | self.group_b
        accounts._kam_compute_health()
        activity = plan_activities(self.group_a)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline),
                         (self.user_kam, self.TODAY + timedelta(days=5)))
        self.assertFalse(plan_activities(self.group_b))
        accounts._kam_compute_health()
        self.assertEqual(len(plan_activities(self.group_a)), 1)
        self._visit(self.group_a, 0)
        self.assertFalse(plan_activities(self.group_a))
        self.assertEqual(self.group_a.kam_last_visit_date, self.TODAY)

    def test_survey_answers_make_the_satisfaction(self):
        visit = self._visit(self.group_a, 1, satisfaction=4)
        self.assertEqual(visit.satisfaction_score, 4)
        action = visit.with_user(self.user_kam).action_send_survey()
        self.assertEqual(action['res_model'], 'survey.invite')
        invite = self.env['survey.invite'].with_user(self.user_kam).with_context(
            **action['context']).create({})
        self.assertEqual(invite.partner_ids, self.contact_a)
        invite.action_invite()
        answer = visit.survey_answer_ids
        self.assertEqual((len(answer), answer.partner_id), (1, self.contact_a))
        survey = visit.survey_id
        overall, network = survey.question_ids.filtered(lambda q: q.question_type == 'scale')
        answer.sudo()._save_lines(overall, '2')
        answer.sudo()._save_lines(network, '3')
        self.assertEqual(visit.survey_satisfaction, 0, "counted only once completed")
        answer.sudo()._mark_done()
        self.assertEqual(visit.survey_satisfaction, 2.5)
        self.assertEqual(visit.satisfaction_score, 2.5)
        self.assertEqual(self.group_a.kam_satisfaction, 2.5)
        # sending again reuses the contact's answer for this visit
        self.env['survey.invite'].with_context(**action['context']).create({}).action_invite()
        self.assertEqual(len(visit.survey_answer_ids), 1)

    def test_visits_of_other_accounts_are_out_of_reach(self):
        visit_b = self._visit(self.group_b, 2)
        with self.assertRaises(AccessError):
            visit_b.with_user(self.user_kam).read(['summary'])
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_kam).create({'name': "x", 'partner_id': self.group_b.id})
        self.assertEqual(self.group_b.with_user(self.user_kam).kam_visit_count, 0)
        self.assertEqual(self.group_b.with_user(self.user_kam_other).kam_visit_count, 1)

    def test_competitor_offer_bad_input_and_access(self):
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._offer(self.group_a, monthly_price=-5)
        with self.assertRaisesText(ValidationError, "cannot expire before"):
            self._offer(self.group_a, valid_until=self.TODAY - timedelta(days=30))
        with self.assertRaisesText(ValidationError, "its own competitor"):
            self._offer(self.group_a, competitor_id=self.group_a.id)
        offer = self._offer(self.group_a)
        self.assertEqual(offer.price_gap, 30)
        with self.assertRaises(AccessError):
            offer.with_user(self.user_kam_other).read(['monthly_price'])
        self.assertEqual(self.group_a.with_user(self.user_kam).kam_competitor_offer_count, 1)


@tagged('post_install', '-at_install')
class TestRetentionTours(HttpCase, KamRetentionCommon):

    def test_retention_case_tour(self):
        self._offer(self.group_a, threat='high')
        self.group_a._kam_compute_health()
        case = self.Case.create({'partner_id': self.group_a.id})
        self.start_tour(f"/odoo/action-key_account_management.kam_retention_case_action/{case.id}",
                        "kam_retention_case_tour", login=self.user_kam.login)
        self.assertEqual((case.state, case.retained_revenue, case.action_cost),
                         ('retained', 40000, 1200))
        self.assertEqual(case.action_ids.name, "Tour care visit by the director")

    def test_visit_tour(self):
        account = self._create_account("Tour Visit Group", kam_tier_id=self.tier_b.id)
        self.start_tour("/odoo/action-key_account_management.kam_visit_action", "kam_visit_tour",
                        login=self.user_kam.login)
        visit = self.Visit.search([('partner_id', '=', account.id)])
        self.assertEqual((visit.name, visit.state, visit.satisfaction),
                         ("Tour quarterly review", 'done', 4))
        self.assertEqual(account.kam_last_visit_date, visit.date)
