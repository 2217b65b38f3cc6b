from odoo.tests import HttpCase, new_test_user, tagged

from .common_project import KamProjectCommon


@tagged('post_install', '-at_install')
class TestProjectPortal(HttpCase, KamProjectCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subsidiary = cls._create_account("Customer A Power", parent_id=cls.account_a.id)
        cls.project_sub = cls._create_project(cls.subsidiary, "Dispatch Video")
        cls.project_draft = cls._create_project(cls.account_a, "Still Planning", stage='draft')
        cls.line_network.feedback = "INTERNAL: supplier penalty under discussion"
        cls.portal_a = cls._portal_user(cls.account_a, 'kam_portal_a')
        cls.portal_sub = cls._portal_user(cls.subsidiary, 'kam_portal_sub')
        cls.portal_b = cls._portal_user(cls.account_b, 'kam_portal_b')

    @classmethod
    def _portal_user(cls, company, login):
        contact = cls._create_contact(company, f"{login} contact", email=f"{login}@example.com")
        return new_test_user(cls.env, login=login, password=login,
                             groups='base.group_portal', partner_id=contact.id)

    def _get(self, url, login=None):
        if login:
            self.authenticate(login, login)
        return self.url_open(url)

    def test_rules_give_customers_their_group_projects(self):
        Project = self.env['kam.project']
        self.assertEqual(Project.with_user(self.portal_a).search([]), self.project_a | self.project_sub,
                         "the group's HQ sees its subsidiaries' projects, not drafts")
        self.assertEqual(Project.with_user(self.portal_sub).search([]), self.project_sub)
        self.assertEqual(Project.with_user(self.portal_b).search([]), self.project_b)

    def test_list_shows_only_own_projects(self):
        response = self._get('/my/kam_projects', 'kam_portal_a')
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.project_a.reference, response.text)
        self.assertIn(self.project_sub.reference, response.text)
        self.assertNotIn(self.project_b.reference, response.text)
        self.assertNotIn(self.project_draft.reference, response.text)
        response = self._get('/my/kam_projects', 'kam_portal_b')
        self.assertIn(self.project_b.reference, response.text)
        self.assertNotIn(self.project_a.reference, response.text)

    def test_detail_shows_progress_not_feedback(self):
        self.line_it.status = 'done'
        response = self._get(f'/my/kam_projects/{self.project_a.id}', 'kam_portal_a')
        self.assertEqual(response.status_code, 200)
        self.assertIn("In Progress", response.text)
        self.assertIn("50 %", response.text)
        self.assertIn("Network Operations", response.text)
        self.assertNotIn("supplier penalty", response.text)

    def test_other_customers_project_cannot_be_opened(self):
        self.project_b._portal_ensure_token()
        for url in (f'/my/kam_projects/{self.project_b.id}',
                    f'/my/kam_projects/{self.project_b.id}?access_token=guessed-token',
                    f'/my/kam_projects/{self.project_b.id}?access_token={self.project_a._portal_ensure_token()}',
                    f'/my/kam_projects/{self.project_draft.id}',
                    '/my/kam_projects/999999'):
            response = self._get(url, 'kam_portal_a')
            self.assertTrue(response.url.endswith('/my'), f"{url} must send back to /my")
            self.assertNotIn(self.project_b.name, response.text)
        response = self._get(f'/my/kam_projects/{self.project_a.id}', 'kam_portal_sub')
        self.assertNotIn(self.project_a.name, response.text, "a subsidiary does not see its group's projects")

    def test_shared_link_opens_with_its_token(self):
        token = self.project_b._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(f'/my/kam_projects/{self.project_b.id}?access_token={token}')
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.project_b.name, response.text)

    def test_home_counter(self):
        self.authenticate('kam_portal_a', 'kam_portal_a')
        counts = self.make_jsonrpc_request('/my/counters', {'counters': ['kam_project_count']})
        self.assertEqual(counts['kam_project_count'], 2)


@tagged('post_install', '-at_install')
class TestProjectTour(HttpCase, KamProjectCommon):

    def test_project_tour(self):
        self.env['hr.department'].create({'name': "Tour Customer Department"})
        self.line_it.status = 'done'
        self.project_a.task_ids = [(2, self.line_network.id)]
        self.user_kam.password = 'kam_test_user'
        self.start_tour("/odoo/action-key_account_management.kam_project_action", 'kam_project_tour',
                        login='kam_test_user')
        added = self.project_a.task_ids.filtered(lambda t: t.department_id.name == "Tour Customer Department")
        self.assertEqual(added.status, 'done')
        self.assertEqual(added.date_done, self.today)
        self.assertEqual(self.project_a.progress, 100.0)

    def test_department_work_tour(self):
        self.user_network.password = 'kam_dept_network'
        self.start_tour("/odoo", 'kam_department_work_tour', login='kam_dept_network')
        self.assertEqual(self.line_network.status, 'done')
        self.assertEqual(self.line_network.feedback, "All six sites are live")
        self.assertEqual(self.line_it.status, 'todo')
