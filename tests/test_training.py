from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import KamCommon


class KamTrainingCommon(KamCommon):
    """A certification exam drawing 4 of a pool of 6 questions (10 points
    each, passed at 75 %) and a plan for the two account managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.Plan = cls.env['kam.training.plan']
        cls.Result = cls.env['kam.training.result']
        cls.Answer = cls.env['survey.user_input']
        cls.survey = cls.env['survey.survey'].create({
            'title': "5G private network certification",
            'access_mode': 'token',
            'users_login_required': True,
            'scoring_type': 'scoring_with_answers',
            'certification': True,
            'scoring_success_min': 75,
            'questions_selection': 'random',
            'question_and_page_ids': [Command.create({
                'title': "Pool", 'is_page': True, 'question_type': False,
                'random_questions_count': 4, 'sequence': 1,
            })] + [Command.create({
                'title': f"Question {i}", 'question_type': 'simple_choice', 'sequence': i + 1,
                'suggested_answer_ids': [
                    Command.create({'value': "Right", 'is_correct': True, 'answer_score': 10}),
                    Command.create({'value': "Wrong", 'answer_score': 0}),
                ],
            }) for i in range(1, 7)],
        })
        cls.managers = cls.user_kam | cls.user_kam_other

    @classmethod
    def _plan(cls, publish=True, users=None, **vals):
        plan = cls.Plan.with_user(cls.user_kam_manager).create(dict({
            'name': "5G private network solutions",
            'survey_id': cls.survey.id,
            'date_due': cls.today + timedelta(days=10),
            'user_ids': [Command.set((cls.managers if users is None else users).ids)],
            'course_ids': [Command.create({'name': "Slicing", 'kind': 'link',
                                           'url': "https://example.com/slicing"})],
        }, **vals))
        if publish:
            plan.action_publish()
        return plan.with_env(cls.env)

    def _attempt(self, user, right):
        """A finished attempt of ``user`` with ``right`` of its 4 questions right."""
        answer = self.survey.sudo()._create_answer(user=user, check_attempts=False)
        lines = []
        for index, question in enumerate(answer.predefined_question_ids):
            choice = question.suggested_answer_ids.filtered(
                lambda a, ok=index < right: a.is_correct == ok)
            lines.append({'user_input_id': answer.id, 'survey_id': self.survey.id,
                          'question_id': question.id, 'answer_type': 'suggestion',
                          'suggested_answer_id': choice.id})
        self.env['survey.user_input.line'].create(lines)
        answer._mark_done()
        return answer

    def _overdue_job(self):
        with self._cron_commits():
            self.Result._cron_kam_training_overdue()
            self.env.flush_all()

    def _result(self, plan, user):
        return plan.result_ids.filtered(lambda r: r.user_id == user)


@tagged('post_install', '-at_install')
class TestTraining(KamTrainingCommon):
    """Publishing invites once, results come from the survey answers, the
    overdue job reminds once, access and bad input."""

    def test_publish_invites_each_target_once(self):
        plan = self._plan()
        self.assertEqual(plan.state, 'published')
        self.assertEqual(plan.result_ids.user_id, self.managers)
        invites = self.Answer.search([('survey_id', '=', self.survey.id)])
        self.assertEqual(invites.partner_id, self.managers.partner_id)
        self.assertEqual(len(invites), 2)
        self.assertEqual(plan.result_ids.invite_input_id, invites)
        # the way Odoo invites: a personal answer open until the due date, 4 of the pool
        self.assertTrue(all(a.deadline.date() == plan.date_due for a in invites))
        self.assertTrue(all(len(a.predefined_question_ids) == 4 for a in invites))
        self.assertTrue(self.env['mail.mail'].search([
            ('recipient_ids', 'in', self.user_kam.partner_id.ids),
            ('body_html', 'ilike', invites.filtered(
                lambda a: a.partner_id == self.user_kam.partner_id).access_token)]))
        # a refresh invites nobody twice; a manager added later is invited then
        plan.with_user(self.user_kam_manager).action_refresh()
        self.assertEqual(self.Answer.search_count([('survey_id', '=', self.survey.id)]), 2)
        newcomer = new_test_user(self.env, login='kam_train_new', name="New Manager",
                                 groups='key_account_management.group_kam_user')
        plan.with_user(self.user_kam_manager).user_ids = [Command.link(newcomer.id)]
        plan.with_user(self.user_kam_manager).action_refresh()
        plan.with_user(self.user_kam_manager).action_refresh()
        self.assertEqual(plan.result_ids.user_id, self.managers | newcomer)
        self.assertEqual(self.Answer.search_count([('survey_id', '=', self.survey.id)]), 3)

    def test_group_targets(self):
        group = self.env['res.groups'].create({'name': "5G Sales Squad"})
        self.user_kam_other.group_ids = [Command.link(group.id)]
        plan = self._plan(users=self.user_kam, group_id=group.id)
        self.assertEqual(plan.result_ids.user_id, self.managers)

    def test_results_from_attempts(self):
        plan = self._plan()
        self._attempt(self.user_kam, right=2)     # 50 %
        mine = self._result(plan, self.user_kam)
        self.assertEqual((mine.attempt_count, mine.best_score, mine.passed, mine.status),
                         (1, 50.0, False, 'in_progress'))
        passing = self._attempt(self.user_kam, right=3)  # 75 %: the pass mark
        self.assertEqual((mine.attempt_count, mine.best_score, mine.passed, mine.status),
                         (2, 75.0, True, 'passed'))
        self.assertEqual(mine.date_certified, passing.end_datetime)
        self._attempt(self.user_kam, right=1)
        self.assertEqual((mine.attempt_count, mine.best_score, mine.passed), (3, 75.0, True))
        other = self._result(plan, self.user_kam_other)
        self.assertEqual((other.attempt_count, other.passed, other.status), (0, False, 'to_do'))
        self.assertEqual((plan.passed_count, plan.result_count), (1, 2))
        self.assertEqual(self.user_kam.kam_training_passed_count, 1)
        self.assertEqual(self.user_kam_other.kam_training_open_count, 1)

    def test_result_refresh_costs_the_same_for_more_managers(self):
        def world(count, prefix):
            users = self.env['res.users'].browse([new_test_user(
                self.env, login=f'{prefix}{i}', groups='key_account_management.group_kam_user').id
                for i in range(count)])
            plan = self._plan(users=users)
            for user in users:
                self._attempt(user, right=4)
            plan.result_ids.write({'passed': False, 'attempt_count': 0})
            return plan.result_ids

        few, many = world(3, 'kam_train_few'), world(9, 'kam_train_many')
        def refresh(results):
            self.env.invalidate_all()
            return self._count_queries(lambda: (results._kam_refresh_scores(), self.env.flush_all()))

        count_few, count_many = refresh(few), refresh(many)
        self.assertEqual(count_few, count_many)
        self.assertTrue(all(many.mapped('passed')))
        few.write({'passed': False})
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(count_few):
            few._kam_refresh_scores()
            self.env.flush_all()

    def test_overdue_job_reminds_once(self):
        plan = self._plan()
        self._attempt(self.user_kam, right=4)
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_training')
        with freeze_time(self.today + timedelta(days=5)):
            self._overdue_job()
        self.assertFalse(plan.activity_ids)
        with freeze_time(self.today + timedelta(days=11)):
            self._overdue_job()
            other = self._result(plan, self.user_kam_other)
            self.assertEqual(other.status, 'overdue')
            self.assertEqual(self._result(plan, self.user_kam).status, 'passed')
            self.assertTrue(plan.is_overdue)
            self.assertEqual(self.Plan.search([('is_overdue', '=', True)]), plan)
        self.assertEqual(plan.activity_ids.activity_type_id, activity_type)
        self.assertEqual(plan.activity_ids.user_id, self.user_kam_other)
        self.assertEqual(other.activity_id, plan.activity_ids)
        self.assertEqual(self.user_kam_other.kam_training_overdue_count, 1)
        with freeze_time(self.today + timedelta(days=12)):
            self._overdue_job()
        self.assertEqual(len(plan.activity_ids), 1)

    def test_overdue_job_grows_only_by_odoos_follower_bookkeeping(self):
        def late_plan(count, prefix):
            users = self.env['res.users'].browse([new_test_user(
                self.env, login=f'{prefix}{i}', groups='key_account_management.group_kam_user').id
                for i in range(count)])
            return self._plan(users=users)

        few = late_plan(2, 'kam_late_few')
        with freeze_time(self.today + timedelta(days=11)):
            count_few = self._count_queries(self._overdue_job)
        many = late_plan(8, 'kam_late_many')
        with freeze_time(self.today + timedelta(days=11)):
            count_many = self._count_queries(self._overdue_job)
        self.assertEqual(len(few.activity_ids), 2)
        self.assertEqual(len(many.activity_ids), 8)
        # the job's own queries do not grow; Odoo's mail.activity subscribes
        # each assignee to the plan, 3 queries per distinct user
        self.assertLessEqual(count_many - count_few, 3 * 6)

    def test_access(self):
        plan = self._plan()
        draft = self._plan(publish=False, name="Draft plan")
        not_mine = self._plan(users=self.user_kam_other, name="Not for me")
        as_user = self.Plan.with_user(self.user_kam)
        self.assertEqual(as_user.search([('id', 'in', (plan | draft | not_mine).ids)]), plan)
        with self.assertRaises(AccessError):
            draft.with_user(self.user_kam).read(['name'])
        with self.assertRaises(AccessError):
            not_mine.with_user(self.user_kam).read(['name'])
        with self.assertRaises(AccessError):
            plan.with_user(self.user_kam).write({'name': "Mine now"})
        self.assertEqual(plan.with_user(self.user_kam).course_ids.name, "Slicing")
        # own results only
        results = self.Result.with_user(self.user_kam).search([])
        self.assertEqual(results.user_id, self.user_kam)
        with self.assertRaises(AccessError):
            self._result(plan, self.user_kam_other).with_user(self.user_kam).read(['best_score'])
        with self.assertRaises(AccessError):
            plan.with_user(self.user_kam).action_refresh()
        # the manager sees and runs all
        as_manager = self.Plan.with_user(self.user_kam_manager)
        self.assertEqual(as_manager.search([('id', 'in', (plan | draft | not_mine).ids)]),
                         plan | draft | not_mine)
        self.assertEqual(len(self.Result.with_user(self.user_kam_manager).search(
            [('plan_id', '=', plan.id)])), 2)
        # plans are company-owned: another company's stay out of reach
        other_company = self.env['res.company'].create({'name': "Other Branch"})
        foreign = self._plan(publish=False, name="Other branch plan")
        foreign.company_id = other_company
        self.assertFalse(as_manager.search([('id', '=', foreign.id)]))
        # the invited manager opens his exam link
        action = plan.with_user(self.user_kam).action_take_exam()
        self.assertIn(self._result(plan, self.user_kam).invite_input_id.access_token, action['url'])
        with self.assertRaises(UserError):
            not_mine.with_user(self.user_kam_manager).action_take_exam()

    def test_bad_input_changes_nothing(self):
        answers_before = self.Answer.search_count([])
        late = self._plan(publish=False, date_due=self.today - timedelta(days=1))
        with self.assertRaisesText(UserError, "due date"):
            late.with_user(self.user_kam_manager).action_publish()
        self.assertEqual((late.state, late.result_ids), ('draft', self.Result))
        # a survey that is no certification
        plain = self.env['survey.survey'].create({'title': "Plain questionnaire"})
        with self.assertRaisesText(ValidationError, "certification"):
            self._plan(publish=False, survey_id=plain.id)
        plan = self._plan(publish=False)
        self.survey.certification = False
        with self.assertRaisesText(UserError, "certification"):
            plan.with_user(self.user_kam_manager).action_publish()
        self.assertEqual((plan.state, plan.result_ids), ('draft', self.Result))
        self.assertEqual(self.Answer.search_count([]), answers_before)
        self.survey.certification = True
        # nobody addressed
        empty = self._plan(publish=False, users=self.env['res.users'])
        with self.assertRaisesText(UserError, "Choose the managers"):
            empty.with_user(self.user_kam_manager).action_publish()
        # states move through the buttons only
        with self.assertRaises(UserError):
            plan.with_user(self.user_kam_manager).write({'state': 'published'})
        with self.assertRaises(ValidationError):
            self.env['kam.training.course'].create({
                'plan_id': plan.id, 'name': "Video", 'kind': 'video'})


@tagged('post_install', '-at_install')
class TestTrainingTour(HttpCase, KamTrainingCommon):

    def test_training_tour(self):
        plan = self._plan(name="Tour 5G certification")
        self._attempt(self.user_kam, right=4)
        self.start_tour("/odoo", "kam_training_tour", login=self.user_kam_manager.login)
        self.assertEqual(plan.passed_count, 1)
