from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.sql_db import Cursor
from odoo.tests import tagged

from .test_agent import KamAgentCommon, KamAgentPortalCase

MONTH = date(2026, 4, 1)


class KamAgentFeeCommon(KamAgentCommon):
    """Agent A (6.5 % sales fee, ¥100 per work order within SLA) brought
    account A, billed ¥40,000 in April; agent B (5 %, ¥50) serves account
    B. In April account A had one work order done on time, account B three,
    one of them late."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Agreement = cls.env['kam.agent.agreement']
        with freeze_time('2026-01-05'):
            cls.agreement_a = Agreement.create({
                'agent_id': cls.agent_a.id, 'date_start': date(2026, 1, 1),
                'date_end': date(2026, 12, 31), 'commission_rate': 6.5, 'service_fee': 100})
            cls.agreement_b = Agreement.create({
                'agent_id': cls.agent_b.id, 'date_start': date(2026, 1, 1),
                'date_end': date(2026, 12, 31), 'commission_rate': 5, 'service_fee': 50})
            (cls.agreement_a | cls.agreement_b).action_activate()
        cls.account_a.kam_external_ref = 'AG-FEE-A'
        cls.env['kam.billing.line'].kam_billing_upsert([
            {'customer_ref': 'AG-FEE-A', 'month': '2026-04', 'service_code': 'VOICE', 'revenue': 40000},
            {'customer_ref': 'AG-FEE-A', 'month': '2026-03', 'service_code': 'VOICE', 'revenue': 1},
        ])
        cls._done_order(cls.account_a, late=False)
        for late in (False, False, True):
            cls._done_order(cls.account_b, late=late)
        cls.Statement = cls.env['kam.agent.statement']

    @classmethod
    def _done_order(cls, account, late, day=10):
        order = cls.env['kam.service.request'].create({
            'type_id': cls.type_fault.id, 'partner_id': account.id, 'description': "Line down",
            'requester_partner_id': cls.portal_customer.partner_id.id})
        order.sudo().write({
            'state': 'done', 'date_submitted': datetime(2026, 4, day, 9),
            'deadline_accept': datetime(2026, 4, day, 10), 'deadline_resolve': datetime(2026, 4, day, 17),
            'date_done': datetime(2026, 4, day, 20 if late else 15), 'sla_resolve_breached': late})
        return order

    def _statement(self, agent):
        return self.Statement.search([('agent_id', '=', agent.id), ('month', '=', MONTH)])


@tagged('post_install', '-at_install')
class TestAgentFees(KamAgentFeeCommon):

    def test_fees_of_a_month(self):
        self.Statement._kam_generate_month(MONTH, self.company.id)
        alpha, bravo = self._statement(self.agent_a), self._statement(self.agent_b)
        # the billed revenue of April, not the typed ¥30,000
        self.assertEqual((alpha.revenue_brought, alpha.sales_fee), (40000, 2600))
        self.assertEqual((alpha.order_count, alpha.on_time_count, alpha.service_fee), (1, 1, 100))
        self.assertEqual(alpha.amount_total, 2700)
        self.assertEqual(sorted(alpha.line_ids.mapped('kind')), ['sales', 'service'])
        # account B was only served: no sales fee; two of three orders in time
        self.assertEqual((bravo.sales_fee, bravo.order_count, bravo.on_time_count, bravo.service_fee),
                         (0, 3, 2, 100))
        self.assertEqual(bravo.line_ids.partner_id, self.account_b)

    def test_states_and_recompute(self):
        self.Statement._kam_generate_month(MONTH, self.company.id)
        alpha = self._statement(self.agent_a).with_user(self.user_kam_manager)
        with self.assertRaises(UserError):
            alpha.write({'state': 'confirmed'})
        self.assertIs(alpha.action_confirm(), True)
        self.assertEqual((alpha.state, alpha.confirmed_by_id), ('confirmed', self.user_kam_manager))
        with self.assertRaisesText(UserError, "current status"):
            alpha.action_confirm()
        with self.assertRaisesText(UserError, "current status"):
            alpha.action_recompute()
        # new work: the draft statement changes, the confirmed one stays
        self._done_order(self.account_a, late=False, day=20)
        self._done_order(self.account_b, late=False, day=20)
        self.Statement._kam_generate(MONTH, self.company)
        self.assertEqual(alpha.service_fee, 100)
        self.assertEqual(self._statement(self.agent_b).service_fee, 150)
        self.assertEqual(self.Statement.search_count([('month', '=', MONTH)]), 2, "never twice")
        self.assertIs(alpha.action_reset_draft(), True)
        self.assertIs(alpha.action_recompute(), True)
        self.assertEqual(alpha.service_fee, 200)
        with self.assertRaises(UserError):
            self._statement(self.agent_b).with_user(self.user_kam).action_confirm()

    def test_bad_fee_refused(self):
        with self.assertRaisesText(Exception, "service fee cannot be negative"):
            self.agreement_a.service_fee = -1

    def test_cron_makes_each_once_and_ranks(self):
        with freeze_time('2026-05-01'), self._cron_commits() as calls:
            self.Statement._cron_kam_agent_statements(batch_size=1)
        self.assertEqual(calls, [(1, 1), (1, 0)])
        self.assertEqual(len(self.Statement.search([('month', '=', MONTH)])), 2)
        with freeze_time('2026-05-01'), self._cron_commits() as calls:
            self.Statement._cron_kam_agent_statements(batch_size=1)
        self.assertEqual(calls, [], "a second run has nothing left")
        self.assertEqual(self.env['kam.agent.ranking'].search_count([('quarter', '=', MONTH)]), 2)

    def test_quarterly_ranking_grades(self):
        self.Statement._kam_generate_month(MONTH, self.company.id)
        Ranking = self.env['kam.agent.ranking']
        rows = Ranking.search([('quarter', '=', MONTH)])
        alpha = rows.filtered(lambda r: r.agent_id == self.agent_a)
        bravo = rows.filtered(lambda r: r.agent_id == self.agent_b)
        # the best revenue and every order in time; no revenue, two orders of three
        self.assertEqual((alpha.score, alpha.rank, alpha.grade), (100, 1, 'a'))
        self.assertAlmostEqual(bravo.score, 100 * 2 / 3 / 2, places=1)
        self.assertEqual((bravo.rank, bravo.grade, round(bravo.sla_rate)), (2, 'c', 67))
        # the thresholds are the Settings'
        settings = self.env['res.config.settings'].create({'kam_agent_grade_b': 30})
        settings.execute()
        with self.assertRaises(AccessError):
            Ranking.with_user(self.user_kam).action_rank()
        Ranking.with_user(self.user_kam_manager).action_rank()
        self.assertEqual(Ranking.search([('quarter', '=', MONTH), ('agent_id', '=', self.agent_b.id)]).grade,
                         'b')
        with self.assertRaisesText(Exception, "grade A's at least grade B's"):
            self.env['res.config.settings'].create({'kam_agent_grade_a': 20, 'kam_agent_grade_b': 30})

    def test_statements_cost_constant_queries(self):
        """Twelve agents cost about the queries of two."""
        self.Statement._kam_generate(MONTH, self.company)
        self.Statement.search([]).unlink()
        few = self._count_queries(lambda: self.Statement._kam_generate(MONTH, self.company))
        Partner = self.env['res.partner']
        with freeze_time('2026-01-05'):
            for index in range(10):
                agent = Partner.create({'name': f"Agent {index}", 'is_company': True, 'kam_is_agent': True})
                account = self._create_account(f"Brought {index}", kam_agent_id=agent.id,
                                               kam_agent_origin='brought', kam_monthly_revenue=1000)
                self._done_order(account, late=bool(index % 2))
                self.env['kam.agent.agreement'].create({
                    'agent_id': agent.id, 'date_start': date(2026, 1, 1), 'date_end': date(2026, 12, 31),
                    'commission_rate': 3, 'service_fee': 10}).action_activate()
        self.Statement.search([]).unlink()
        many = self._count_queries(lambda: self.Statement._kam_generate(MONTH, self.company))
        self.assertEqual(self.Statement.search_count([('month', '=', MONTH)]), 12)
        self.assertLessEqual(many, few + 6)


@tagged('post_install', '-at_install')
class TestAgentStatementPortal(KamAgentPortalCase, KamAgentFeeCommon):
    """Each agent reads its own confirmed statements in the portal, and
    never another agent's."""

    def test_each_agent_sees_its_own(self):
        self.Statement._kam_generate_month(MONTH, self.company.id)
        alpha, bravo = self._statement(self.agent_a), self._statement(self.agent_b)
        alpha.action_confirm()
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        page = self.url_open('/my/kam/agent/statements').text
        self.assertIn('2026-04', page)
        self.assertIn('2,700.00', page)
        detail = self.url_open(f'/my/kam/agent/statements/{alpha.id}')
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.account_a.name, detail.text)
        # a draft statement, even its own agent's, and another agent's: 404
        response = self.url_open(f'/my/kam/agent/statements/{bravo.id}')
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.account_b.name, response.text)
        bravo.action_confirm()
        self.assertEqual(self.url_open(f'/my/kam/agent/statements/{bravo.id}').status_code, 404)
        self.authenticate(self.portal_agent_b.login, self.portal_agent_b.login)
        page = self.url_open('/my/kam/agent/statements').text
        self.assertNotIn('2,700.00', page)
        self.assertEqual(self.url_open(f'/my/kam/agent/statements/{alpha.id}').status_code, 404)
        self.assertEqual(self.url_open(f'/my/kam/agent/statements/{bravo.id}').status_code, 200)
        # a customer's staff has no statements page
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        self.assertEqual(self.url_open('/my/kam/agent/statements').status_code, 404)

    def _page_queries(self, url):
        count = [0]
        execute = Cursor.execute

        def counted(cursor, query, params=None, log_exceptions=None):
            count[0] += 1
            return execute(cursor, query, params, log_exceptions)
        with patch.object(Cursor, 'execute', counted):
            self.assertEqual(self.url_open(url).status_code, 200)
        return count[0]

    def test_list_costs_constant_queries(self):
        for month in range(1, 4):
            self.Statement._kam_generate_month(date(2026, month, 1), self.company.id)
        self.Statement.search([('agent_id', '=', self.agent_a.id)]).action_confirm()
        self.authenticate(self.portal_agent_a.login, self.portal_agent_a.login)
        self.url_open('/my/kam/agent/statements')
        few = self._page_queries('/my/kam/agent/statements')
        for month in range(4, 10):
            self.Statement._kam_generate_month(date(2026, month, 1), self.company.id)
        self.Statement.search([('agent_id', '=', self.agent_a.id), ('state', '=', 'draft')]).action_confirm()
        self.env.flush_all()
        self.url_open('/my/kam/agent/statements')
        self.assertEqual(self._page_queries('/my/kam/agent/statements'), few)
