from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, tagged

from .common import KamCommon


class KamAgentCommon(KamCommon):
    """Two agents, A serving one account of our first manager, B serving
    one account of the second; a portal user at each agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        cls.Agreement = cls.env['kam.agent.agreement']
        cls.agent_a = Partner.create({'name': "Tour Agent Alpha", 'is_company': True, 'kam_is_agent': True})
        cls.agent_b = Partner.create({'name': "Agent Bravo", 'is_company': True, 'kam_is_agent': True})
        cls.account_a = cls._create_account(
            "Tour Served Port", city="Ningbo", kam_agent_id=cls.agent_a.id, kam_agent_origin='brought',
            kam_customer_since=date(2026, 3, 10), kam_monthly_revenue=30000)
        cls.account_b = cls._create_account(
            "Secret Rail Group", city="Hangzhou", kam_manager_id=cls.user_kam_other.id,
            kam_agent_id=cls.agent_b.id, kam_agent_origin='served',
            kam_customer_since=date(2025, 1, 5), kam_monthly_revenue=80000)
        cls.type_fault = cls.env.ref('key_account_management.kam_service_request_type_fault')
        cls.portal_agent_a = cls._create_portal_user(cls.agent_a, 'agent_a_staff')
        cls.portal_agent_b = cls._create_portal_user(cls.agent_b, 'agent_b_staff')
        cls.portal_customer = cls._create_portal_user(cls.account_a, 'served_port_staff')

    def _agreement(self, **vals):
        return self.Agreement.with_user(self.user_kam_manager).create(dict({
            'agent_id': self.agent_a.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2026, 12, 31), 'commission_rate': 6.5}, **vals))


@tagged('post_install', '-at_install')
class TestAgentAgreement(KamAgentCommon):

    def test_bad_input_writes_nothing(self):
        count = self.Agreement.search_count([])
        for vals, text in (
            ({'date_end': date(2025, 12, 31)}, "ends after it starts"),
            ({'date_end': date(2026, 1, 1)}, "ends after it starts"),
            ({'commission_rate': 100.5}, "between 0 and 100"),
            ({'commission_rate': -1}, "between 0 and 100"),
            ({'agent_id': self.account_a.id}, "signed with agents"),
        ):
            with self.subTest(vals=vals), self.assertRaisesText(ValidationError, text):
                self._agreement(**vals)
        self.assertEqual(self.Agreement.search_count([]), count)

    def test_states_move_through_actions(self):
        agreement = self._agreement()
        self.assertTrue(agreement.name.startswith('AG/'))
        self.assertEqual(agreement.state, 'draft')
        with self.assertRaises(UserError):
            agreement.write({'state': 'active'})
        with freeze_time('2026-06-01'):
            agreement.action_activate()
            self.assertEqual(agreement.state, 'active')
            with self.assertRaisesText(ValidationError, "Say why"):
                agreement.action_terminate()
            self.assertEqual(agreement.state, 'active')
            agreement.termination_reason = "Agent stopped serving our customers"
            self.assertIs(agreement.action_terminate(), True)
            self.assertEqual(agreement.state, 'terminated')
            with self.assertRaises(UserError):
                agreement.action_activate()
            agreement.action_reset_draft()
            self.assertEqual(agreement.state, 'draft')
        with freeze_time('2027-02-01'), self.assertRaisesText(ValidationError, "already ended"):
            agreement.action_activate()

    def test_users_read_managers_manage(self):
        agreement = self._agreement()
        self.assertEqual(agreement.with_user(self.user_kam).read(['name'])[0]['name'], agreement.name)
        with self.assertRaises(AccessError):
            self.Agreement.with_user(self.user_kam).create({
                'agent_id': self.agent_a.id, 'date_start': date(2026, 1, 1), 'date_end': date(2026, 2, 1)})
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_kam).action_activate()
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_internal).read(['name'])

    def test_other_companies_agreements_stay_hidden(self):
        other_company = self.env['res.company'].create({'name': "Other Operator"})
        mine = self._agreement()
        theirs = self.Agreement.create({
            'agent_id': self.agent_b.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2026, 12, 31), 'company_id': other_company.id})
        found = self.Agreement.with_user(self.user_kam_manager).search([('id', 'in', (mine | theirs).ids)])
        self.assertEqual(found, mine)

    def test_expiry_cron_is_idempotent(self):
        with freeze_time('2026-06-01'):
            ending = self._agreement(date_end=date(2026, 6, 30))
            running = self._agreement(agent_id=self.agent_b.id)
            (ending | running).action_activate()
        Cron = self.Agreement.sudo()
        with freeze_time('2026-07-01'), self._cron_commits():
            count = self._count_queries(Cron._cron_kam_expire_agreements)
            self.assertEqual((ending.state, running.state), ('expired', 'active'))
            self.assertLessEqual(count, 20)
            messages = len(ending.message_ids)
            Cron._cron_kam_expire_agreements()
            self.assertEqual((ending.state, running.state), ('expired', 'active'))
            self.assertEqual(len(ending.message_ids), messages)


@tagged('post_install', '-at_install')
class TestAgentAccounts(KamAgentCommon):

    def test_only_the_team_or_managers_set_the_agent(self):
        account = self.account_a
        account.with_user(self.user_kam).write({'kam_agent_id': self.agent_b.id,
                                                'kam_agent_origin': 'served'})
        self.assertEqual(account.kam_agent_id, self.agent_b)
        with self.assertRaises(AccessError):
            account.with_user(self.user_kam_other).write({'kam_agent_id': self.agent_a.id})
        with self.assertRaises(AccessError):
            account.with_user(self.user_internal).write({'kam_agent_id': self.agent_a.id})
        self.assertEqual(account.kam_agent_id, self.agent_b)
        account.with_user(self.user_kam_manager).kam_agent_id = self.agent_a
        self.assertEqual(account.kam_agent_id, self.agent_a)
        with self.assertRaisesText(ValidationError, "flagged as agent"):
            account.kam_agent_id = self.account_b

    def test_flag_visible_to_employees_agent_confidential(self):
        Partner = self.env['res.partner'].with_user(self.user_internal)
        self.assertTrue(Partner.browse(self.agent_a.id).kam_is_agent)
        with self.assertRaises(AccessError):
            Partner.browse(self.account_a.id).read(['kam_agent_id'])

    def test_agent_totals(self):
        agent = self.agent_a.with_user(self.user_kam)
        self._agreement()
        self.assertEqual((agent.kam_agent_account_count, agent.kam_agent_brought_count,
                          agent.kam_agent_agreement_count), (1, 1, 1))
        self.assertEqual(self.agent_b.kam_agent_brought_count, 0)
        action = agent.action_kam_view_agent_accounts()
        self.assertEqual(self.env['res.partner'].search(action['domain']), self.account_a)

    def test_results_of_a_month(self):
        Contract = self.env['kam.contract']

        def contract(account, amount, signed, confirm=True):
            record = Contract.create({
                'title': "5G", 'partner_id': account.id, 'date_start': signed,
                'date_end': date(2028, 12, 31), 'amount': amount, 'signing_date': signed})
            if confirm:
                record.action_confirm()
            return record

        with freeze_time('2026-03-20'):
            contract(self.account_a, 120000, date(2026, 3, 12))
            contract(self.account_a, 30000, date(2026, 3, 18))
            contract(self.account_a, 99999, date(2026, 3, 19), confirm=False)  # draft: not signed
            contract(self.account_b, 50000, date(2026, 3, 15))
            other = self._create_account("Unserved Co")
            contract(other, 70000, date(2026, 3, 15))  # no agent
        self.env.flush_all()
        Result = self.env['kam.agent.result'].with_user(self.user_kam)
        fields_ = ['account_count:sum', 'brought_count:sum', 'contract_count:sum',
                   'contract_amount:sum', 'revenue:sum']

        def read():
            return Result._read_group([('date', '>=', '2026-03-01'), ('date', '<', '2026-04-01')],
                                      ['agent_id'], fields_)
        read()  # the access rules and fields read once
        count = self._count_queries(read)
        groups = {agent: values for agent, *values in read()}
        self.assertEqual(groups[self.agent_a], [1, 1, 2, 150000, 30000])
        self.assertEqual(groups[self.agent_b], [0, 0, 1, 50000, 0])
        self.assertEqual(len(groups), 2)
        self.assertLessEqual(count, 3)


class KamAgentPortalCase(HttpCase, KamAgentCommon):

    def _post(self, url, data):
        return self.url_open(url, data=dict(data, csrf_token=Request.csrf_token(self)))

    def _requests(self, account):
        return self.env['kam.service.request'].search([('partner_id', '=', account.id)])


@tagged('post_install', '-at_install')
class TestAgentPortal(KamAgentPortalCase):

    def test_agent_lists_only_its_accounts(self):
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        page = self.url_open('/my/kam/agent/accounts')
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tour Served Port", page.text)
        self.assertIn("Ningbo", page.text)
        self.assertNotIn("Secret Rail Group", page.text)
        self.assertIn('Accounts we serve', self.url_open('/my').text)

    def test_forged_account_is_404_without_its_name(self):
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        url = f'/my/kam/agent/accounts/{self.account_b.id}/request'
        response = self.url_open(url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Secret Rail Group", response.text)
        response = self._post(url, {'type_id': self.type_fault.id, 'description': "Forged"})
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Secret Rail Group", response.text)
        self.assertFalse(self._requests(self.account_b))
        response = self.url_open('/my/kam/agent/accounts/999999/request')
        self.assertEqual(response.status_code, 404)

    def test_non_agents_have_no_page(self):
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        self.assertEqual(self.url_open('/my/kam/agent/accounts').status_code, 404)
        url = f'/my/kam/agent/accounts/{self.account_a.id}/request'
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_raise_a_work_order(self):
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        url = f'/my/kam/agent/accounts/{self.account_a.id}/request'
        page = self._post(url, {'type_id': self.type_fault.id, 'description': " "})
        self.assertIn("Describe what is needed", page.text)
        member_type = self.env.ref('key_account_management.kam_service_request_type_member')
        page = self._post(url, {'type_id': member_type.id, 'description': "Add a member"})
        self.assertIn("Choose a type of request", page.text)
        self.assertFalse(self._requests(self.account_a))
        response = self._post(url, {'type_id': self.type_fault.id, 'number': '13805719911',
                                    'description': "No signal in the warehouse",
                                    'contact_phone': '13805716620'})
        work_order = self._requests(self.account_a)
        self.assertEqual(len(work_order), 1)
        self.assertEqual((work_order.state, work_order.requester_user_id, work_order.line_ids.number),
                         ('submitted', self.portal_agent_a, '13805719911'))
        self.assertTrue(response.url.endswith(f'/my/requests/{work_order.id}?submitted=1'))
        self.assertIn(work_order.name, response.text)
        self.assertIn('<td class="text-end">1</td>', self.url_open('/my/kam/agent/accounts').text)
        # agent B's staff never reach it
        self.authenticate(self.portal_agent_b.login, self.portal_agent_b.login)
        self.assertNotIn(work_order.name, self.url_open(f'/my/requests/{work_order.id}').text)
        self.assertNotIn(work_order.name, self.url_open('/my/requests').text)

    def test_list_costs_constant_queries(self):
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        self.url_open('/my/kam/agent/accounts')

        def page_queries():
            count = [0]
            execute = Cursor.execute

            def counted(cursor, query, params=None, log_exceptions=None):
                count[0] += 1
                return execute(cursor, query, params, log_exceptions)
            with patch.object(Cursor, 'execute', counted):
                self.assertEqual(self.url_open('/my/kam/agent/accounts').status_code, 200)
            return count[0]
        before = page_queries()
        for index in range(3):
            self._create_account(f"More Served {index}", kam_agent_id=self.agent_a.id)
        self.env.flush_all()
        self.url_open('/my/kam/agent/accounts')
        self.assertEqual(page_queries(), before)

    def test_agent_portal_tour(self):
        self.start_tour('/my/kam/agent/accounts', 'kam_agent_portal_tour',
                        login=self.portal_agent_a.login)
        work_order = self._requests(self.account_a)
        self.assertEqual((work_order.state, work_order.description),
                         ('submitted', "No signal in the warehouse since this morning"))
