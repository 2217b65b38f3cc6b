from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, new_test_user, tagged

from .test_contract_common import KamContractCommon


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
