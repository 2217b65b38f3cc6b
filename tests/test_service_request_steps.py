from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_step import KamStepCommon
from .test_service_request_portal import KamPortalCase

LIST_SPEC = {'request_id': {'fields': {'display_name': {}}}, 'name': {},
             'partner_id': {'fields': {'display_name': {}}},
             'department_id': {'fields': {'display_name': {}}},
             'user_id': {'fields': {'display_name': {}}}, 'date_deadline': {}, 'done_at': {},
             'status': {}, 'delay_reason_id': {'fields': {'display_name': {}}}, 'is_late': {}}


@tagged('post_install', '-at_install')
class TestProvisioningSteps(KamStepCommon):

    def test_template_cycle_refused(self):
        with self.assertRaisesText(ValidationError, "in a circle"):
            self.tpl_survey.write({'predecessor_ids': [(4, self.tpl_build.id)]})
        self.assertFalse(self.tpl_survey.predecessor_ids, "nothing written")
        with self.assertRaisesText(ValidationError, "in a circle"):
            self.tpl_survey.write({'predecessor_ids': [(4, self.tpl_survey.id)]})
        fault_step = self.env['kam.step.template'].create({
            'type_id': self.type_fault.id, 'name': "Check", 'department_id': self.dept_net.id})
        with self.assertRaisesText(ValidationError, "same work-order type"):
            fault_step.predecessor_ids = self.tpl_survey
        # the message is translated
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        with self.assertRaisesText(ValidationError, "循环"):
            self.tpl_survey.with_context(lang='zh_CN').write(
                {'predecessor_ids': [(4, self.tpl_design.id)]})

    def test_deadline_follows_steps(self):
        with freeze_time('2026-11-23 08:00:00'):
            order = self._install_order()
        self.assertEqual(len(order.step_ids), 4)
        survey, design, build, test = (self._step(order, t) for t in (
            self.tpl_survey, self.tpl_design, self.tpl_build, self.tpl_test))
        self.assertEqual(design.predecessor_ids, survey)
        self.assertEqual(survey.user_id, self.head_net, "the department's manager owns it")
        self.assertEqual(survey.date_deadline, datetime(2026, 11, 25, 8))
        self.assertEqual(design.date_deadline, datetime(2026, 11, 28, 8))
        self.assertEqual(test.date_deadline, datetime(2026, 11, 26, 8))
        self.assertEqual(build.date_deadline, datetime(2026, 12, 3, 8))
        self.assertEqual(order.deadline_resolve, datetime(2026, 12, 3, 8),
                         "the longest chain: survey + design + construction")
        # the survey closes a day early: the chain after it moves forward
        with freeze_time('2026-11-24 08:00:00'):
            survey.with_user(self.head_net).action_close()
        self.assertEqual(design.date_start, datetime(2026, 11, 24, 8))
        self.assertEqual(order.deadline_resolve, datetime(2026, 12, 2, 8))
        self.assertEqual(order.step_progress, "1 / 4")
        # a second submission never copies the steps twice
        order._kam_create_steps()
        self.assertEqual(len(order.step_ids), 4)

    def test_steps_on_acceptance_when_the_template_came_later(self):
        order = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': '1'}])
        order.action_submit()
        self.assertFalse(order.step_ids)
        self.env['kam.step.template'].create({
            'type_id': self.type_fault.id, 'name': "Line Check", 'department_id': self.dept_net.id,
            'sla_value': 4, 'sla_unit': 'hours'})
        order.action_accept()
        self.assertEqual(order.step_ids.mapped('name'), ["Line Check"])
        self.assertEqual(order.deadline_resolve, order.step_ids.date_deadline)

    def test_department_head_closes_own_step(self):
        order = self._install_order()
        survey, design = self._step(order, self.tpl_survey), self._step(order, self.tpl_design)
        # another department's head of the order reads the step, never closes it
        self.assertEqual(survey.with_user(self.head_it).status, 'todo')
        with self.assertRaises(AccessError):
            survey.with_user(self.head_it).action_close()
        # and a department head without a step in the order does not read it
        outsider = new_test_user(self.env, login='kam_head_outside', groups='base.group_user')
        with self.assertRaises(AccessError):
            survey.with_user(outsider).read(['name'])
        with self.assertRaisesText(UserError, "waits for steps"):
            design.with_user(self.head_it).action_close()
        with self.assertRaisesText(UserError, "only through its buttons"):
            survey.with_user(self.head_net).write({'status': 'done'})
        with self.assertRaisesText(AccessError, "planned by"):
            survey.with_user(self.head_net).write({'name': "Something else"})
        survey.with_user(self.head_net).write({'feedback': "Room and route confirmed."})
        self.assertIs(survey.with_user(self.head_net).action_close(), True)
        self.assertEqual(survey.status, 'done')
        self.assertTrue(survey.date_done)
        self.assertIn("closed the step", order.message_ids[0].body)
        # the order completes only once every step is closed
        order.action_accept()
        order.action_start()
        with self.assertRaisesText(UserError, "open provisioning steps"):
            order.action_done()

    def test_late_step_needs_delay_reason(self):
        with freeze_time('2026-11-23 08:00:00'):
            order = self._install_order()
        survey = self._step(order, self.tpl_survey).with_user(self.head_net)
        with freeze_time('2026-11-26 08:00:00'):
            self.assertTrue(survey.is_late)
            with self.assertRaisesText(UserError, "delay reason"):
                survey.action_close()
            with self.assertRaisesText(UserError, "delay reason"):
                survey.action_block()
            survey.delay_reason_id = self.reason
            survey.action_block()
            self.assertEqual(survey.status, 'blocked')
            survey.action_close()
        self.assertEqual(survey.status, 'done')

    def test_late_escalation_exactly_once(self):
        with freeze_time('2026-11-23 08:00:00'):
            order = self._install_order()
        survey = self._step(order, self.tpl_survey)
        late_type = self.env.ref('key_account_management.mail_activity_type_kam_step_late')
        Activity = self.env['mail.activity']
        with freeze_time('2026-11-26 08:00:00'):  # only the survey (due 11-25) is late
            for _run in range(2):
                with self._cron_commits():
                    self.env['kam.service.request.step']._cron_kam_step_escalate()
        activities = Activity.search([('res_model', '=', survey._name),
                                      ('activity_type_id', '=', late_type.id)])
        self.assertEqual(len(activities), 1, "one activity, never twice")
        self.assertEqual(activities.res_id, survey.id)
        self.assertEqual(activities.user_id, self.head_net)
        self.assertTrue(survey.escalated_at)
        # closing the step clears its to-do
        survey.delay_reason_id = self.reason
        with freeze_time('2026-11-26 09:00:00'):
            survey.with_user(self.head_net).action_close()
        self.assertFalse(Activity.search([('res_model', '=', survey._name), ('res_id', '=', survey.id)]))

    def test_escalation_query_count_per_chunk(self):
        late_type = self.env.ref('key_account_management.mail_activity_type_kam_step_late')

        def run(count):
            with freeze_time('2026-11-23 08:00:00'):
                orders = self.env['kam.service.request'].browse()
                for _i in range(count):
                    orders |= self._install_order()
            self.env.invalidate_all()
            with freeze_time('2026-11-26 08:00:00'), self._cron_commits():
                queries = self._count_queries(
                    lambda: self.env['kam.service.request.step']._cron_kam_step_escalate(
                        batch_size=100))
            surveys = orders.step_ids.filtered(lambda s: s.template_id == self.tpl_survey)
            activities = self.env['mail.activity'].search([
                ('res_model', '=', surveys._name), ('activity_type_id', '=', late_type.id),
                ('res_id', 'in', orders.step_ids.ids)])
            self.assertEqual(sorted(activities.mapped('res_id')), sorted(surveys.ids), "one each")
            return queries

        small, large = run(2), run(10)
        self.assertLessEqual(large, small + 5, "a chunk costs the same for 2 or 10 late steps")

    def test_department_work_list_query_count(self):
        def page_queries():
            Step = self.env['kam.service.request.step'].with_user(self.head_net)
            domain = [('user_id', '=', self.head_net.id), ('status', '!=', 'done')]
            Step.web_search_read(domain, LIST_SPEC, limit=80)
            self.env.invalidate_all()
            return self._count_queries(lambda: Step.web_search_read(domain, LIST_SPEC, limit=80))

        self._install_order()
        few = page_queries()
        for _i in range(4):
            self._install_order()
        self.assertEqual(page_queries(), few, "the list costs the same whatever its length")
        self.assertLessEqual(few, 12)


@tagged('post_install', '-at_install')
class TestProvisioningStepsPortal(KamPortalCase, KamStepCommon):

    def test_portal_shows_steps_of_own_orders_only(self):
        order_a = self._install_order()
        survey = self._step(order_a, self.tpl_survey)
        survey.sudo().feedback = "INTERNAL-ROUTE-NOTE"
        order_b = self._install_order(partner=self.group_b)
        self._step(order_b, self.tpl_survey).sudo().name = "B-ONLY-SURVEY"
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f'/my/requests/{order_a.id}').text
        self.assertIn("Site Survey", page)
        self.assertIn("Network Operations", page)
        self.assertNotIn("INTERNAL-ROUTE-NOTE", page)
        other = self.url_open(f'/my/requests/{order_b.id}')
        self.assertNotIn("B-ONLY-SURVEY", other.text)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        self.assertIn("B-ONLY-SURVEY", self.url_open(f'/my/requests/{order_b.id}').text)
        self.assertNotIn("Site Survey", self.url_open(f'/my/requests/{order_a.id}').text)

    def test_portal_page_query_count(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        four = self._install_order()
        few, page = self._count_page_queries(f'/my/requests/{four.id}')
        self.assertEqual(page.text.count('o_kam_request_step"'), 4)
        self.env['kam.step.template'].create([{
            'type_id': self.type_install.id, 'sequence': 50 + i, 'name': f"Extra {i}",
            'department_id': self.dept_it.id, 'predecessor_ids': [(6, 0, self.tpl_build.ids)]}
            for i in range(3)])
        seven = self._install_order()
        many, page = self._count_page_queries(f'/my/requests/{seven.id}')
        self.assertEqual(page.text.count('o_kam_request_step"'), 7)
        self.assertEqual(many, few, "the steps cost the same queries whatever their number")

    def test_tour_department_head_closes_step(self):
        order = self._install_order()
        self.start_tour("/odoo", "kam_step_tour", login=self.head_net.login)
        survey = self._step(order, self.tpl_survey)
        self.assertEqual(survey.status, 'done')
        self.assertEqual(survey.feedback, "Room and route confirmed")
