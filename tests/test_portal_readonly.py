import logging
from datetime import date, timedelta

from odoo import fields
from odoo.tests import tagged

from .test_agent import KamAgentPortalCase
from .test_service_request_portal import KamPortalCase

RETRY = "retrying with a read/write cursor"


@tagged('post_install', '-at_install')
class TestPortalReadonlyRoutes(KamPortalCase):
    """The portal pages, the contract PDF and the address-book export are
    served from a read-only replica (``readonly=True``) and write nothing:
    in a test, a read-only route's cursor is a read-only transaction
    (``SET TRANSACTION READ ONLY``), where any write raises and Odoo logs
    that it retries the request on the primary. No page may need that."""

    # the addon's routes served from a replica; every other route writes (the
    # address book and its export: the processing log records who read them)
    READONLY = {
        '/my/contracts', '/my/contracts/page/<int:page>', '/my/contracts/<int:contract_id>',
        '/my/kam_projects', '/my/kam_projects/page/<int:page>',
        '/my/kam_projects/<int:project_id>',
        '/my/requests', '/my/requests/page/<int:page>', '/my/requests/new',
        '/my/requests/new/<int:type_id>',
        '/my/tariffs', '/my/tariffs/page/<int:page>', '/my/tariffs/new',
        '/my/kam/agent/statements', '/my/kam/agent/statements/<int:statement_id>',
        '/my/kam/agent/accounts',
    }
    # read-only on GET (the form), read/write on POST (what it creates); the
    # documents' pages read-only but right after they were raised (?submitted=1)
    READONLY_SOMETIMES = {'/my/kam/agent/accounts/<int:account_id>/request',
                          '/my/requests/<int:request_id>', '/my/tariffs/<int:application_id>',
                          # Odoo's JSON-2: read-only for the @api.readonly methods
                          '/json/2/<__model__>/<__method__>'}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        service = cls.env['product.product'].create({
            'name': "Readonly Private Line", 'type': 'service', 'list_price': 3000,
            'kam_is_service': True})
        cls.contract = cls.env['kam.contract'].create({
            'title': "Readonly line", 'partner_id': cls.sub_a.id, 'amount': 1000,
            'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=300)})
        cls.contract.action_confirm()
        cls.project = cls.env['kam.project'].create({
            'name': "Readonly Dispatch", 'partner_id': cls.group_a.id,
            'user_id': cls.user_kam.id, 'stage': 'in_progress',
            'date_start': today - timedelta(days=30), 'date_end': today + timedelta(days=60)})
        cls.work_order = cls._create_request(cls.type_fault,
                                             lines=[{'operation': 'number', 'number': '1'}])
        cls.work_order_2 = cls._create_request(cls.type_fault,
                                               lines=[{'operation': 'number', 'number': '3'}])
        (cls.work_order | cls.work_order_2).action_submit()
        cls.application = cls.env['kam.tariff.application'].with_user(cls.user_kam).create({
            'subject': "Readonly discount", 'partner_id': cls.group_a.id,
            'date_start': date(2026, 1, 1), 'date_end': date(2027, 12, 31),
            'justification': "Competitor", 'line_ids': [(0, 0, {
                'product_id': service.id, 'quantity': 2, 'proposed_price': 2700})]})
        cls.application.action_submit()
        # no portal link was ever shared: a page that made one would write a token
        for document in (cls.contract, cls.project, cls.work_order, cls.work_order_2):
            document.access_token = False

    def _addon_routes(self):
        """{url: routing readonly flag} of the addon's HTTP routes."""
        routes = {}
        for rule in self.env['ir.http'].routing_map().iter_rules():
            func = rule.endpoint.func
            if func.__module__.startswith('odoo.addons.key_account_management.'):
                routes[rule.rule] = rule.endpoint.routing['readonly']
        return routes

    def test_routes_declare_readonly(self):
        routes = self._addon_routes()
        self.assertTrue(self.READONLY <= set(routes), self.READONLY - set(routes))
        for url, readonly in routes.items():
            if url in self.READONLY:
                self.assertIs(readonly, True, url)
            elif url in self.READONLY_SOMETIMES:
                self.assertTrue(callable(readonly), url)
            else:
                self.assertFalse(readonly, f"{url} writes: not read-only")

    def _get_readonly(self, url, status=200):
        """GET ``url`` on a read-only cursor: answered, and no write retried."""
        with self.assertNoLogs('odoo.http', logging.WARNING):
            response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, url)
        return response

    def test_customer_pages_write_nothing(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        pages = [
            '/my/contracts', f'/my/contracts/{self.contract.id}',
            '/my/kam_projects', f'/my/kam_projects/{self.project.id}',
            '/my/requests', '/my/requests?filterby=open', '/my/requests/new',
            f'/my/requests/new/{self.type_fault.id}', f'/my/requests/new/{self.type_member.id}',
            f'/my/requests/{self.work_order.id}',
            '/my/tariffs', '/my/tariffs/new', f'/my/tariffs/{self.application.id}',
        ]
        for url in pages:
            self._get_readonly(url)
        self.assertIn(self.contract.name, self._get_readonly('/my/contracts').text)
        pdf = self._get_readonly(f'/my/contracts/{self.contract.id}?report_type=html')
        self.assertIn(self.contract.name, pdf.text)
        # pages not found or not allowed answer from the replica too
        self._get_readonly('/my/contracts/999999', status=303)
        self._get_readonly('/my/kam/agent/statements', status=404)
        # the list put both work orders in the session: the page links its
        # neighbour (Odoo's pager would write the neighbour's token)
        page = self._get_readonly(f'/my/requests/{self.work_order.id}').text
        self.assertIn(f'/my/requests/{self.work_order_2.id}', page)
        for document in (self.contract, self.project, self.work_order, self.work_order_2):
            self.assertFalse(document.access_token, f"a page wrote a token on {document}")

    def test_shared_link_pages_write_nothing(self):
        """A link shared with its token opens without a login, read-only."""
        token = self.contract._portal_ensure_token()
        page = self._get_readonly(f'/my/contracts/{self.contract.id}?access_token={token}')
        self.assertIn(f'access_token={token}', page.text, "the PDF link keeps the token")

    def test_counters_read_only(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        with self.assertNoLogs('odoo.http', logging.WARNING):
            counts = self.make_jsonrpc_request('/my/counters', {'counters': [
                'kam_contract_count', 'kam_member_count', 'kam_project_count',
                'kam_request_count', 'kam_tariff_count', 'kam_agent_account_count',
                'kam_agent_statement_count']})
        env = self.env(user=self.portal_a)
        expected = {
            'kam_contract_count': env['kam.contract'].search_count([]),
            'kam_member_count': env['kam.member'].search_count([('state', 'in', ('active', 'suspended'))]),
            'kam_project_count': env['kam.project'].search_count([]),
            'kam_request_count': env['kam.service.request'].search_count([]),
            'kam_tariff_count': env['kam.tariff.application'].search_count([]),
            'kam_agent_account_count': 0,
            'kam_agent_statement_count': 0,
        }
        self.assertEqual({key: counts.get(key) for key in expected}, expected)
        self.assertEqual(counts['kam_contract_count'], 1)
        self.assertEqual(counts['kam_tariff_count'], 1)
        self.assertEqual(counts['kam_member_count'], 3)

    def test_writes_still_reach_the_primary(self):
        """The form is read-only, its post writes (read/write route)."""
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._get_readonly(f'/my/requests/new/{self.type_fault.id}')
        before = self._requests()
        self._submit(self.type_fault, lines=[{'operation': 'number', 'number': '2'}])
        self.assertEqual(len(self._requests() - before), 1)

    def test_whitespace_matrix_is_an_rpc_read(self):
        method = type(self.env['kam.whitespace.cell']).get_matrix
        self.assertTrue(getattr(method, '_readonly', False))


@tagged('post_install', '-at_install')
class TestPortalGroupRules(KamPortalCase):
    """The portal rules find the customer's group by the partners' stored
    group columns (one subquery) and keep what child_of kept: the user's
    company and everything below it, archived companies included, never a
    parent company nor another customer."""

    def _contract(self, partner):
        today = fields.Date.today()
        contract = self.env['kam.contract'].create({
            'title': f"Rule {partner.name}", 'partner_id': partner.id, 'amount': 1000,
            'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=300)})
        contract.action_confirm()
        return contract

    def test_group_by_path(self):
        Contract = self.env['kam.contract']
        head, sub, other = self._contract(self.group_a), self._contract(self.sub_a), \
            self._contract(self.group_b)
        closed = self._create_account("Closed Branch", parent_id=self.sub_a.id)
        below = self._contract(closed)
        closed.action_archive()
        self.assertEqual(Contract.with_user(self.portal_a).search([]), head | sub | below)
        self.assertEqual(Contract.with_user(self.portal_sub_a).search([]), sub | below,
                         "a subsidiary's users: their company and below, not the HQ")
        self.assertEqual(Contract.with_user(self.portal_b).search([]), other)
        draft = self.env['kam.contract'].create({
            'title': "Draft", 'partner_id': self.sub_a.id, 'amount': 1,
            'date_start': fields.Date.today(), 'date_end': fields.Date.today()})
        self.assertNotIn(draft, Contract.with_user(self.portal_a).search([]))
        # a person with no company reads nothing of the groups
        person = self.env['res.partner'].create({'name': "Private Person",
                                                 'email': 'person@example.com'})
        person_user = self.env['res.users'].create({
            'name': "Private Person", 'login': 'kam_private_person', 'partner_id': person.id,
            'group_ids': [(6, 0, [self.env.ref('base.group_portal').id])]})
        self.assertFalse(Contract.with_user(person_user).search([]))
        self.assertFalse(self.env['kam.service.request'].with_user(person_user).search([]))
        self.assertFalse(self.env['kam.project'].with_user(person_user).search([]))


@tagged('post_install', '-at_install')
class TestAgentPagesReadonly(KamAgentPortalCase):
    """The agent's staff's pages are read from a replica too: the accounts
    the agent serves, its statements and the work-order form (GET); the
    form's post creates the work order on the primary."""

    def test_agent_pages_write_nothing(self):
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        for url in ('/my/kam/agent/accounts', '/my/kam/agent/statements',
                    f'/my/kam/agent/accounts/{self.account_a.id}/request'):
            with self.assertNoLogs('odoo.http', logging.WARNING):
                response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 200, url)
        counts = self.make_jsonrpc_request('/my/counters', {'counters': [
            'kam_agent_account_count', 'kam_agent_statement_count']})
        self.assertEqual((counts['kam_agent_account_count'], counts['kam_agent_statement_count']),
                         (1, 0))
        # another agent's account: not found, from the replica as well
        with self.assertNoLogs('odoo.http', logging.WARNING):
            response = self.url_open(f'/my/kam/agent/accounts/{self.account_b.id}/request')
        self.assertEqual(response.status_code, 404)
