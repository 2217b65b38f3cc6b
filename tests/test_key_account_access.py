from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged, users

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestKeyAccountAccess(KamCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._create_account("Mine Ltd", kam_manager_id=cls.user_kam.id)
        cls.theirs = cls._create_account("Theirs Ltd", kam_manager_id=cls.user_kam_other.id)
        cls.team = cls._create_account("Team Ltd", kam_manager_id=cls.user_kam_other.id,
                                       kam_team_member_ids=[(0, 0, {'user_id': cls.user_kam.id,
                                                                    'role': 'solution_engineer'})])
        cls.their_contact = cls._create_contact(cls.theirs, "Their Buyer")
        cls.plain = cls.env['res.partner'].create({'name': "Ordinary Supplier", 'is_company': True})

    @users('kam_test_user')
    def test_user_reads_every_account(self):
        Partner = self.env['res.partner']
        visible = Partner.search([('kam_is_key_account', '=', True)])
        self.assertTrue(self.mine | self.team | self.theirs <= visible)
        self.assertIn(self.plain, Partner.search([('is_company', '=', True)]),
                      "ordinary partners keep Odoo's rules")

    @users('kam_test_user')
    def test_user_cannot_edit_another_managers_account(self):
        theirs = self.theirs.with_env(self.env)
        self.assertEqual(theirs.name, "Theirs Ltd")
        self.assertEqual(self.their_contact.with_env(self.env).name, "Their Buyer")
        with self.assertRaises(AccessError):
            theirs.write({'kam_handset_count': 10})
        self.team.with_env(self.env).write({'kam_handset_count': 5})
        self.mine.with_env(self.env).write({'kam_handset_count': 42})
        self.assertEqual(self.mine.kam_handset_count, 42)

    @users('kam_test_manager')
    def test_manager_sees_all_accounts(self):
        visible = self.env['res.partner'].search([('kam_is_key_account', '=', True)])
        self.assertTrue(self.mine | self.theirs | self.team <= visible)
        self.theirs.with_env(self.env).write({'kam_handset_count': 7})
        self.assertEqual(self.theirs.kam_handset_count, 7)

    @users('kam_plain_employee')
    def test_plain_employee_sees_key_accounts_not_their_data(self):
        self.assertTrue(self.mine | self.theirs <= self.env['res.partner'].search(
            [('kam_is_key_account', '=', True)]))
        with self.assertRaises(AccessError):
            self.mine.with_env(self.env).read(['kam_handset_count'])

    @users('kam_test_user')
    def test_user_cannot_configure_tiers(self):
        with self.assertRaises(AccessError):
            self.tier_a.with_env(self.env).min_handset_count = 1
        self.assertTrue(self.tier_a.with_env(self.env).name)

    @users('kam_test_admin')
    def test_admin_configures_tiers(self):
        self.tier_d.with_env(self.env).visit_frequency_days = 365
        self.assertEqual(self.tier_d.visit_frequency_days, 365)

    def test_list_query_count_is_constant(self):
        """The key-account list's fields cost the same for 1 or 80 accounts."""
        accounts = self.env['res.partner']
        for i in range(80):
            accounts |= self._create_account(
                f"Bulk {i}", kam_manager_id=self.user_kam.id, kam_tier_id=self.tier_c.id,
                parent_id=False if i % 2 else self.mine.id)
        name_only = {'fields': {'display_name': {}}}
        spec = {
            'complete_name': {}, 'kam_tier_id': name_only, 'kam_manager_id': name_only,
            'kam_industry_id': name_only, 'kam_group_id': name_only, 'kam_currency_id': name_only,
            'kam_handset_count': {}, 'kam_monthly_revenue': {}, 'kam_archive_completeness': {},
            'kam_tier_locked': {}, 'city': {}, 'phone': {},
        }
        Partner = self.env['res.partner'].with_user(self.user_kam)

        def read_list(limit):
            self.env.invalidate_all()
            Partner.web_search_read(
                [('kam_is_key_account', '=', True), ('name', 'like', 'Bulk')], spec, limit=limit)

        read_list(1)  # warm the caches of rules and views
        start = self.env.cr.sql_log_count
        read_list(1)
        one = self.env.cr.sql_log_count - start
        start = self.env.cr.sql_log_count
        read_list(80)
        eighty = self.env.cr.sql_log_count - start
        self.assertEqual(one, eighty, f"1 account: {one} queries, 80 accounts: {eighty}")


@tagged('post_install', '-at_install')
class TestKeyAccountTour(HttpCase):

    def test_key_account_tour(self):
        manager = new_test_user(self.env, login='kam_tour_manager', name="Tour Account Manager",
                                groups='key_account_management.group_kam_user')
        account = self.env['res.partner'].create({
            'name': "Tour Harbour Group", 'is_company': True, 'kam_is_key_account': True,
            'kam_manager_id': manager.id, 'kam_handset_count': 230,
        })
        account._kam_classify_tiers()
        self.assertFalse(account.kam_tier_locked)
        # its group: one subsidiary and a contact person; beside it, a
        # company and a person of no group (the subsidiaries' chart shows
        # the subsidiary and the account, nothing else)
        Partner = self.env['res.partner']
        Partner.create({'name': "Tour Harbour Port", 'is_company': True, 'parent_id': account.id})
        Partner.create({'name': "Tour Harbour Clerk", 'parent_id': account.id})
        Partner.create({'name': "Tour Unrelated Company", 'is_company': True})
        Partner.create({'name': "Tour Unrelated Person"})
        self.start_tour("/odoo", "kam_key_account_tour", login=manager.login)
        self.assertTrue(account.kam_tier_locked)
        self.assertEqual(account.kam_tier_id.code, 'B')
