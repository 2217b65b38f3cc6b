import logging
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, new_test_user, tagged

from .test_contract_common import KamContractCommon

_logger = logging.getLogger(__name__)


@tagged('post_install', '-at_install')
class TestPortalContractListQueries(HttpCase, KamContractCommon):
    """The portal contract list reads its accounts' names once the record
    rules have chosen the contracts, not through Odoo's portal partner rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls._create_contact(cls.account, "Portal HQ", email="kam_portal_q@example.com")
        cls.portal_user = new_test_user(cls.env, login='kam_portal_q', groups='base.group_portal',
                                        partner_id=contact.id)
        today = fields.Date.today()
        subsidiaries = cls.env['res.partner'].create([{
            'name': f"Terminal {i}", 'is_company': True, 'kam_is_key_account': True,
            'parent_id': cls.account.id, 'kam_manager_id': cls.user_kam.id,
        } for i in range(8)])
        contracts = cls.env['kam.contract'].create([{
            'title': f"Line {i}", 'partner_id': partner.id, 'amount': 1000,
            'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=300),
        } for i, partner in enumerate(list(subsidiaries) * 2)])
        contracts.action_confirm()

    def _page_queries(self):
        queries = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=None):
            queries.append(str(query.code if hasattr(query, 'code') else query))
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, 'execute', logged):
            response = self.url_open('/my/contracts')
        self.assertEqual(response.status_code, 200)
        return response, queries

    def test_contract_list_queries(self):
        self.authenticate('kam_portal_q', 'kam_portal_q')
        self._page_queries()  # warm the caches of the page
        with self.assertQueryCount(15):
            response, queries = self._page_queries()
        for name in ["Terminal 0", "Terminal 7"]:
            self.assertIn(name, response.text)
        # once the contracts are read, their accounts' names come in one
        # query, without walking the customer's partner tree again
        fetched = next(i for i, q in enumerate(queries) if q.startswith('SELECT "kam_contract"."id", '))
        after = queries[fetched + 1:]
        self.assertFalse([q for q in after if '"res_partner"."parent_id" IN' in q], after)
        self.assertEqual(len([q for q in after if 'FROM "res_partner"' in q]), 1, after)


KAM_COUNTERS = ['kam_contract_count', 'kam_member_count', 'kam_project_count',
                'kam_request_count', 'kam_tariff_count', 'kam_agent_account_count',
                'kam_agent_statement_count']


@tagged('post_install', '-at_install')
class TestPortalGroupOfThousandQueries(HttpCase, KamContractCommon):
    """A group of 1,000 companies: the portal home's counters and the
    contract list cost about what Odoo's own portal pages cost (at most
    twice their queries), whatever the size of the group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls._create_contact(cls.account, "Group IT", email="kam_group_1000@example.com")
        cls.portal_user = new_test_user(cls.env, login='kam_group_1000', groups='base.group_portal',
                                        partner_id=contact.id)
        today = fields.Date.today()
        companies = cls.env['res.partner'].create([{
            'name': f"Branch {i:04d}", 'is_company': True, 'kam_is_key_account': True,
            'parent_id': cls.account.id, 'kam_manager_id': cls.user_kam.id,
        } for i in range(1000)])
        contracts = cls.env['kam.contract'].create([{
            'title': f"Line {i}", 'partner_id': partner.id, 'amount': 1000,
            'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=300),
        } for i, partner in enumerate(companies[::20])])
        contracts.action_confirm()

    def _measure(self, call, runs=5):
        """(queries, best milliseconds) of ``call()`` once its caches are warm;
        the queries' text in ``self.queries``."""
        call()
        self.queries = []
        execute = Cursor.execute

        def counted(cursor, query, params=None, log_exceptions=None):
            self.queries.append(str(query.code if hasattr(query, 'code') else query)[:300])
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, 'execute', counted):
            call()
        queries = len(self.queries)
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            call()
            timings.append((time.perf_counter() - start) * 1000)
        return queries, min(timings)

    def _counters(self, counters):
        return lambda: self.make_jsonrpc_request('/my/counters', {'counters': counters})

    def _page(self, url):
        def call():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            return response
        return call

    def test_counters_cost_like_odoo_own(self):
        self.authenticate('kam_group_1000', 'kam_group_1000')
        counts = self._counters(KAM_COUNTERS)()
        self.assertEqual(counts['kam_contract_count'], 50)
        # Odoo's own counters request: answered by no addon (no sale, no invoicing here)
        odoo_queries, odoo_ms = self._measure(self._counters(['odoo_own_count']))
        kam_queries, kam_ms = self._measure(self._counters(KAM_COUNTERS))
        kam_sql = self.queries
        _logger.info("portal counters, group of 1,000: Odoo's own %s queries %.1f ms, "
                     "the addon's %s counters %s queries %.1f ms",
                     odoo_queries, odoo_ms, len(KAM_COUNTERS), kam_queries, kam_ms)
        # the user's company (is it an agent?), then every count in one query
        self.assertLessEqual(kam_queries, odoo_queries + 2, kam_sql)
        # as the portal sends them: up to 5 counters a request
        split_queries, _ms = self._measure(self._counters(KAM_COUNTERS[:5]))
        self.assertLessEqual(split_queries, odoo_queries + 2)

    def test_contract_list_costs_like_my_account(self):
        self.authenticate('kam_group_1000', 'kam_group_1000')
        account_queries, account_ms = self._measure(self._page('/my/account'))
        list_queries, list_ms = self._measure(self._page('/my/contracts'))
        list_sql = self.queries
        _logger.info("portal pages, group of 1,000: /my/account %s queries %.1f ms, "
                     "/my/contracts %s queries %.1f ms",
                     account_queries, account_ms, list_queries, list_ms)
        self.assertLessEqual(list_queries, 2 * account_queries, list_sql)
        self.assertIn("Branch 0000", self._page('/my/contracts')().text)
