from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common_project import KamProjectCommon


@tagged('post_install', '-at_install')
class TestProjectAccess(KamProjectCommon):

    # ------------------------------------------------------------
    # Department owners (no Key Accounts group)
    # ------------------------------------------------------------

    @users('kam_dept_network')
    def test_department_owner_sees_only_projects_with_own_work(self):
        self.assertEqual(self.env['kam.project'].search([]), self.project_a)
        lines = self.env['kam.project.task'].search([])
        self.assertEqual(lines, self.project_a.task_ids, "the other departments' lines of the project are visible")
        with self.assertRaises(AccessError):
            _name = self.project_b.with_env(self.env).name
        with self.assertRaises(AccessError):
            _name = self.project_b.task_ids.with_env(self.env).name

    @users('kam_dept_network')
    def test_department_owner_reports_on_own_line(self):
        line = self.line_network.with_env(self.env)
        line.write({'status': 'blocked', 'delay_reason_id': self.reason_supplier.id,
                    'feedback': "Equipment arrives two weeks late."})
        self.assertEqual(self.line_network.status, 'blocked')
        self.assertEqual(self.project_a.with_env(self.env).health, 'at_risk')
        note = self.project_a.message_ids[0]
        self.assertIn("Network Operations: work blocked (Supplier)", note.body)
        self.assertEqual(note.author_id, self.user_network.partner_id)
        self.assertEqual(note.partner_ids, self.user_kam.partner_id, "the project owner is told")
        line.status = 'done'
        self.assertEqual(self.line_network.date_done, self.today)

    @users('kam_dept_network')
    def test_department_owner_cannot_edit_another_departments_line(self):
        with self.assertRaisesText(AccessError, "only update your own department's work"):
            self.line_it.with_env(self.env).write({'status': 'done'})
        self.assertEqual(self.line_it.status, 'todo')
        with self.assertRaisesText(AccessError, "only update your own department's work"):
            self.project_a.task_ids.with_env(self.env).write({'feedback': "all fine"})
        self.assertFalse(self.line_network.feedback)

    @users('kam_dept_network')
    def test_department_owner_cannot_replan_own_line_or_the_project(self):
        expected = self.line_network.date_expected
        with self.assertRaisesText(AccessError, "planned by the project team"):
            self.line_network.with_env(self.env).write({'date_expected': self.today, 'status': 'done'})
        self.assertEqual(self.line_network.date_expected, expected)
        self.assertEqual(self.line_network.status, 'todo')
        with self.assertRaisesText(AccessError, "planned by the project team"):
            self.line_network.with_env(self.env).user_id = self.user_it
        self.assertEqual(self.line_network.user_id, self.user_network)
        with self.assertRaises(AccessError):
            self.project_a.with_env(self.env).name = "Renamed"
        self.assertEqual(self.project_a.name, "5G Private Network")
        with self.assertRaises(AccessError):
            self.env['kam.project.task'].create({
                'project_id': self.project_a.id, 'department_id': self.dept_customer.id})

    @users('kam_dept_network')
    def test_department_owner_chatter_loads_without_reading_the_account(self):
        for record in (self.line_network, self.project_a):
            record = record.with_env(self.env)
            suggested = record._message_get_suggested_recipients(reply_discussion=True, no_create=True)
            self.assertNotIn(self.account_a.id, [r['partner_id'] for r in suggested])

    @users('kam_plain_employee')
    def test_employee_without_work_sees_no_project(self):
        self.assertFalse(self.env['kam.project'].search([]))
        self.assertFalse(self.env['kam.project.task'].search([]))

    def test_department_work_menu_for_every_employee(self):
        Menu = self.env['ir.ui.menu']
        root = self.env.ref('key_account_management.menu_kam_department_work_root')
        work = self.env.ref('key_account_management.menu_kam_department_work')
        visible = Menu.with_user(self.user_network)._visible_menu_ids()
        self.assertTrue({root.id, work.id} <= visible)
        self.assertNotIn(self.env.ref('key_account_management.menu_kam_root').id, visible,
                         "department owners do not get the Key Accounts app")
        analysis = self.env.ref('key_account_management.menu_kam_projects_analysis')
        self.assertNotIn(analysis.id, Menu.with_user(self.user_kam)._visible_menu_ids())
        self.assertIn(analysis.id, Menu.with_user(self.user_kam_manager)._visible_menu_ids())

    # ------------------------------------------------------------
    # Key Accounts users and managers
    # ------------------------------------------------------------

    @users('kam_test_user')
    def test_account_manager_works_on_own_accounts_projects(self):
        self.assertEqual(self.env['kam.project'].search([]), self.project_a)
        with self.assertRaises(AccessError):
            _name = self.project_b.with_env(self.env).name
        self.line_it.with_env(self.env).write({
            'date_expected': self.today, 'feedback': "Re-planned with the customer"})
        self.assertEqual(self.line_it.date_expected, self.today)
        project = self.env['kam.project'].create({'name': "Second project", 'partner_id': self.account_a.id})
        self.assertEqual(project.user_id, self.user_kam, "the creator owns the project by default")
        project.task_ids = [(0, 0, {'department_id': self.dept_it.id})]
        self.assertEqual(project.task_ids.user_id, self.user_it)

    def test_team_member_and_project_owner_see_the_project(self):
        self.account_b.kam_team_member_ids = [(0, 0, {'user_id': self.user_kam.id, 'role': 'solution_engineer'})]
        self.assertIn(self.project_b, self.env['kam.project'].with_user(self.user_kam).search([]))
        self.project_b.task_ids.with_user(self.user_kam).feedback = "Team member reviews"
        self.account_b.kam_team_member_ids = [(5, 0, 0)]
        self.project_b.user_id = self.user_kam
        self.assertIn(self.project_b, self.env['kam.project'].with_user(self.user_kam).search([]))
        # owning a project of someone else's account lets one read it, not change it
        with self.assertRaises(AccessError):
            self.project_b.task_ids.with_user(self.user_kam).feedback = "Owner reviews"

    @users('kam_test_manager')
    def test_manager_sees_all_projects(self):
        self.assertEqual(self.env['kam.project'].search([]), self.project_a | self.project_b)
        self.project_b.with_env(self.env).task_ids.write({'feedback': "Checked"})
        self.assertEqual(self.project_b.task_ids.feedback, "Checked")
        self.assertEqual(self.project_b.task_ids.write_uid, self.user_kam_manager)

    def test_projects_are_company_owned(self):
        other = self.env['res.company'].create({'name': "Other Branch"})
        self.project_b.company_id = other
        self.assertEqual(self.project_b.task_ids.company_id, other)
        manager = self.user_kam_manager
        self.assertNotIn(self.project_b, self.env['kam.project'].with_user(manager).search([]))
        self.assertFalse(self.env['kam.project.task'].with_user(manager).search(
            [('project_id', '=', self.project_b.id)]))
