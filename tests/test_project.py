from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common_project import KamProjectCommon


@tagged('post_install', '-at_install')
class TestProject(KamProjectCommon):

    # ------------------------------------------------------------
    # Defaults and computations
    # ------------------------------------------------------------

    def test_reference_from_sequence(self):
        self.assertTrue(self.project_a.reference.startswith('PRJ/'))
        self.assertNotEqual(self.project_a.reference, self.project_b.reference)
        self.assertIn(self.project_a.reference, self.project_a.display_name)

    def test_owner_defaults_to_department_manager(self):
        self.assertEqual(self.line_network.user_id, self.user_network)
        self.assertEqual(self.line_it.user_id, self.user_it)
        self.assertFalse(self.project_b.task_ids.user_id, "a department without manager has no default owner")

    def test_progress_is_share_of_done_work(self):
        self.assertEqual(self.project_a.progress, 0.0)
        self.assertEqual(self.project_a.task_count, 2)
        self.line_it.status = 'done'
        self.assertEqual(self.project_a.progress, 50.0)
        self.assertEqual(self.line_it.date_done, self.today, "done work gets today's date")
        self.line_network.status = 'done'
        self.assertEqual(self.project_a.progress, 100.0)
        self.line_network.status = 'in_progress'
        self.assertFalse(self.line_network.date_done, "reopened work loses its done date")
        self.assertEqual(self.project_a.progress, 50.0)

    def test_health(self):
        self.assertEqual(self.project_a.health, 'on_track')
        self.line_network.write({'status': 'blocked', 'delay_reason_id': self.reason_supplier.id})
        self.assertEqual(self.project_a.health, 'at_risk', "blocked work puts the project at risk")
        self.line_network.status = 'in_progress'
        self.assertEqual(self.project_a.health, 'on_track')
        self.line_it.date_expected = self.today - timedelta(days=1)
        self.assertTrue(self.line_it.is_overdue)
        self.assertEqual(self.project_a.health, 'at_risk', "overdue work puts the project at risk")
        self.line_it.status = 'done'
        self.assertFalse(self.line_it.is_overdue)
        self.assertEqual(self.project_a.health, 'on_track')
        self.project_a.write({'date_start': self.today - timedelta(days=60),
                              'date_end': self.today - timedelta(days=1),
                              'task_ids': [Command.clear()]})
        self.assertEqual(self.project_a.health, 'late', "an open project past its end is late")
        self.project_a.action_done()
        self.assertEqual(self.project_a.health, 'on_track', "closed projects are no longer late")

    def test_partner_counts_open_and_late_projects(self):
        self.assertEqual(self.account_a.kam_project_count, 1)
        self.assertEqual(self.account_a.kam_project_late_count, 0)
        self._create_project(self.account_a, "Late one", date_start=self.today - timedelta(days=90),
                             date_end=self.today - timedelta(days=2))
        self._create_project(self.account_a, "Closed one", stage='done')
        self.account_a.invalidate_recordset(['kam_project_count', 'kam_project_late_count'])
        self.assertEqual(self.account_a.kam_project_count, 2)
        self.assertEqual(self.account_a.kam_project_late_count, 1)
        action = self.account_a.action_kam_view_projects()
        self.assertEqual(action['domain'], [('partner_id', '=', self.account_a.id)])

    def test_form_adds_a_department_line(self):
        with Form(self.project_a.with_user(self.user_kam)) as form:
            with form.task_ids.new() as line:
                line.department_id = self.dept_customer
                line.name = "Customer training"
                line.date_expected = self.today + timedelta(days=10)
        self.assertEqual(len(self.project_a.task_ids), 3)
        self.assertEqual(self.project_a.progress, 0.0)

    # ------------------------------------------------------------
    # Bad input: clear errors, nothing written
    # ------------------------------------------------------------

    def test_done_date_in_the_future_is_refused(self):
        with self.assertRaisesText(ValidationError, "cannot be in the future"):
            self.line_it.write({'status': 'done', 'date_done': self.today + timedelta(days=1)})
        self.assertEqual(self.line_it.status, 'todo')
        self.assertFalse(self.line_it.date_done)

    def test_expected_date_after_project_end_is_refused(self):
        expected = self.line_it.date_expected
        with self.assertRaisesText(ValidationError, "after the end of its project"):
            self.line_it.date_expected = self.project_a.date_end + timedelta(days=1)
        self.assertEqual(self.line_it.date_expected, expected)
        with self.assertRaisesText(ValidationError, "after the end of its project"):
            self.project_a.date_end = self.today
        self.assertEqual(self.project_a.date_end, self.today + timedelta(days=60))

    def test_line_without_department_is_refused(self):
        with self.assertRaisesText(ValidationError, "needs a department"):
            self.env['kam.project.task'].create({'project_id': self.project_a.id, 'name': "Orphan"})
        with self.assertRaisesText(ValidationError, "needs a department"):
            self.line_it.department_id = False
        self.assertEqual(self.line_it.department_id, self.dept_it)
        self.assertEqual(len(self.project_a.task_ids), 2)

    def test_blocked_needs_a_delay_reason(self):
        with self.assertRaisesText(ValidationError, "delay reason"):
            self.line_it.status = 'blocked'
        self.assertEqual(self.line_it.status, 'todo')

    def test_end_before_start_is_refused(self):
        with self.assertRaisesText(ValidationError, "cannot end before it starts"):
            self.project_b.date_end = self.today - timedelta(days=31)

    def test_warning_days_setting_refuses_negative(self):
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.env['res.config.settings'].create({'kam_project_warning_days': -1})
        self.assertEqual(self.env['kam.project.task']._kam_warning_days(), 3)

    # ------------------------------------------------------------
    # Views and analysis
    # ------------------------------------------------------------

    def test_department_owner_loads_the_department_work_views(self):
        Task = self.env['kam.project.task'].with_user(self.user_network)
        views = Task.get_views([(False, 'list'), (False, 'form'), (False, 'calendar'),
                                (False, 'search')])
        self.assertIn('can_plan', views['views']['form']['arch'])
        line = self.line_network.with_user(self.user_network)
        self.assertTrue(line.can_plan is False and line.project_id.name)
        self.assertTrue(self.line_network.with_user(self.user_kam).can_plan)

    def test_analysis_by_department_status_and_reason(self):
        self.line_network.write({'status': 'blocked', 'delay_reason_id': self.reason_supplier.id})
        self.line_it.status = 'done'
        rows = self.env['kam.project.task'].with_user(self.user_kam_manager)._read_group(
            [('project_id', '=', self.project_a.id)], ['department_id', 'status', 'delay_reason_id'],
            ['__count'])
        self.assertEqual(set(rows), {
            (self.dept_network, 'blocked', self.reason_supplier, 1),
            (self.dept_it, 'done', self.env['kam.delay.reason'], 1),
        })

    # ------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------

    def test_list_and_kanban_query_count_is_constant(self):
        """The kanban/list fields of 1 or 40 projects cost the same queries."""
        name_only = {'fields': {'display_name': {}}}
        spec = {
            'reference': {}, 'name': {}, 'priority': {}, 'partner_id': name_only,
            'user_id': name_only, 'date_start': {}, 'date_end': {}, 'task_count': {},
            'progress': {}, 'health': {}, 'stage': {}, 'activity_ids': {},
        }
        for i in range(40):
            self._create_project(self.account_a, f"Bulk {i}", [(self.dept_network, 5), (self.dept_it, 7)])
        Project = self.env['kam.project'].with_user(self.user_kam)

        def read(limit):
            self.env.invalidate_all()
            Project.web_search_read([('partner_id', '=', self.account_a.id)], spec, limit=limit)

        read(1)  # warm the caches of the views' metadata
        self.assertEqual(self._count_queries(lambda: read(1)), self._count_queries(lambda: read(40)))

    def test_contract_of_the_same_group_only(self):
        subsidiary = self._create_account("Customer A Branch", parent_id=self.account_a.id,
                                          kam_manager_id=self.user_kam.id)
        Contract = self.env['kam.contract']
        framework = Contract.create({
            'title': "Group framework", 'partner_id': self.account_a.id,
            'date_start': self.today, 'date_end': self.today + timedelta(days=365)})
        other = Contract.create({
            'title': "Other customer", 'partner_id': self.account_b.id,
            'date_start': self.today, 'date_end': self.today + timedelta(days=365)})
        project = self._create_project(subsidiary, "Branch rollout")
        project.contract_id = framework  # the group's contract covers its subsidiaries
        self.assertEqual(project.contract_id, framework)
        with self.assertRaisesText(ValidationError, "another group customer"):
            project.contract_id = other
        self.assertEqual(project.contract_id, framework)

