from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_access_model import KamAccessCommon


@tagged('post_install', '-at_install')
class TestAccountStructure(KamAccessCommon):
    """An account's place in a group, archiving, deleting and merging it and
    its decision-map contacts are for its manager, its team and Key Accounts
    Managers, whoever asks; its other fields keep Odoo's rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login='kam_structure_accountant', name="Plain Accountant",
            groups='base.group_user,base.group_partner_manager')
        cls.salesperson.group_ids += cls.env.ref('base.group_partner_manager')

    def _merge(self, user, partners, dst):
        wizard = self.env['base.partner.merge.automatic.wizard'].with_user(user).sudo()
        wizard._merge(partners.ids, dst)

    def test_outsider_cannot_move_an_account_into_another_group(self):
        theirs = self.customer_b.with_user(self.user_kam)
        with self.assertRaisesText(AccessError, "change its place in a group"):
            theirs.write({'parent_id': self.customer_a.id})
        self.assertFalse(self.customer_b.parent_id)
        # a salesperson outside the app neither
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.salesperson).write({'parent_id': self.customer_a.id})
        # its own manager may not plant it in a group he does not serve
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.user_kam_other).write({'parent_id': self.customer_a.id})
        # nor take a subsidiary out of a group he does not serve
        with self.assertRaises(AccessError):
            self.subsidiary_a.with_user(self.user_kam).write({'parent_id': False})
        self.assertEqual(self.subsidiary_a.parent_id, self.customer_a)
        # the Key Accounts Manager moves it; the team of both accounts too
        self.customer_b.with_user(self.user_kam_manager).write({'parent_id': self.customer_a.id})
        self.assertEqual(self.customer_b.kam_group_id, self.customer_a)
        self.customer_b.with_user(self.user_kam_manager).write({'parent_id': False})
        self.customer_a.kam_team_member_ids = [(0, 0, {'user_id': self.user_kam_other.id})]
        self.customer_b.with_user(self.user_kam_other).write({'parent_id': self.customer_a.id})
        self.assertEqual(self.customer_b.parent_id, self.customer_a)

    def test_outsider_cannot_archive_an_account(self):
        with self.assertRaisesText(AccessError, "archive"):
            self.customer_b.with_user(self.user_kam).action_archive()
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.accountant).action_archive()
        self.assertTrue(self.customer_b.active)
        self.customer_b.with_user(self.user_kam_other).action_archive()
        self.assertFalse(self.customer_b.active)
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.user_kam).action_unarchive()
        self.assertFalse(self.customer_b.active)
        self.customer_b.with_user(self.user_kam_manager).action_unarchive()
        self.assertTrue(self.customer_b.active)
        # ordinary partners keep Odoo's rights
        supplier = self.env['res.partner'].create({'name': "Paper Supplier", 'is_company': True})
        supplier.with_user(self.accountant).action_archive()
        self.assertFalse(supplier.active)

    def test_outsider_cannot_delete_decision_map_contacts(self):
        with self.assertRaisesText(AccessError, "decision-map contacts"):
            self.buyer_b.with_user(self.user_kam).unlink()
        with self.assertRaises(AccessError):
            self.buyer_b.with_user(self.accountant).unlink()
        with self.assertRaises(AccessError):
            self.buyer_b.with_user(self.user_kam).action_archive()
        with self.assertRaises(AccessError):
            self.buyer_b.with_user(self.user_kam).write({'parent_id': self.customer_a.id})
        self.assertTrue(self.buyer_b.exists() and self.buyer_b.active)
        # a contact without a role stays an ordinary contact
        receptionist = self._create_contact(self.customer_b, "B Receptionist")
        receptionist.with_user(self.accountant).unlink()
        self.assertFalse(receptionist.exists())
        self.buyer_b.with_user(self.user_kam_other).unlink()
        self.assertFalse(self.buyer_b.exists())

    def test_outsider_cannot_merge(self):
        twin = self._create_contact(self.customer_b, "B Buyer (twin)", email="buyer@b.example.com")
        with self.assertRaisesText(AccessError, "merge"):
            self._merge(self.user_kam, twin | self.buyer_b, twin)
        self.assertTrue(self.buyer_b.exists())
        # a company merged into a key account changes it as well
        duplicate = self.env['res.partner'].create({'name': "Customer B Limited", 'is_company': True})
        with self.assertRaises(AccessError):
            self._merge(self.user_kam, duplicate | self.customer_b, self.customer_b)
        self.assertTrue(duplicate.exists())
        self._merge(self.user_kam_other, twin | self.buyer_b, self.buyer_b)
        self.assertFalse(twin.exists())

    def test_ordinary_fields_keep_odoos_rights(self):
        for user in (self.salesperson, self.accountant, self.user_kam):
            with self.subTest(user=user.login):
                self.customer_b.with_user(user).write({
                    'phone': f"+86 21 5555 {user.id:04d}", 'street': "1 Harbour Road",
                    'email': "office@b.example.com"})
                self.buyer_b.with_user(user).write({'function': "Head of Purchasing",
                                                    'phone': "13800138000"})
                self.assertEqual(self.customer_b.street, "1 Harbour Road")
        # and writing the same place or state again changes nothing: allowed
        self.customer_b.with_user(self.salesperson).write({'parent_id': False, 'active': True})

    def test_errors_never_name_an_account_the_caller_cannot_read(self):
        other = self.env['res.company'].create({'name': "Other Branch Company"})
        hidden = self._create_account("Hidden Group", kam_manager_id=self.user_kam_other.id,
                                      company_id=other.id)
        self.user_kam_other.company_ids += other
        mine = self._create_account("My Branch", kam_manager_id=self.user_kam_other.id)
        self.user_kam.company_ids = self.company
        # user_kam_other could: user_kam cannot read it, the error does not name it
        Partner = self.env['res.partner'].with_user(self.user_kam)
        self.assertFalse(Partner.search([('id', '=', hidden.id)]))
        mine.kam_team_member_ids = [(0, 0, {'user_id': self.user_kam.id})]
        with self.assertRaises(AccessError) as catcher:
            mine.with_user(self.user_kam).write({'parent_id': hidden.id})
        self.assertNotIn("Hidden Group", str(catcher.exception))
        self.assertFalse(mine.parent_id)


@tagged('post_install', '-at_install')
class TestAccountOwnership(KamAccessCommon):
    """Choosing an account's manager and (un)marking it: a Key Accounts
    Manager's act, or the current manager handing the account over."""

    def setUp(self):
        super().setUp()
        self.customer_b.kam_team_member_ids = [(0, 0, {'user_id': self.user_kam.id})]

    def test_team_member_cannot_take_the_account(self):
        account = self.customer_b.with_user(self.user_kam)
        account.write({'kam_handset_count': 12})  # she serves it
        with self.assertRaisesText(AccessError, "Only a Key Accounts Manager"):
            account.write({'kam_manager_id': self.user_kam.id})
        with self.assertRaises(AccessError):
            account.write({'kam_is_key_account': False})
        self.assertEqual(self.customer_b.kam_manager_id, self.user_kam_other)
        self.assertTrue(self.customer_b.kam_is_key_account)

    def test_manager_hands_over_but_does_not_unmark(self):
        account = self.customer_b.with_user(self.user_kam_other)
        with self.assertRaises(AccessError):
            account.write({'kam_is_key_account': False})
        account.write({'kam_manager_id': self.user_kam.id})
        self.assertEqual(self.customer_b.kam_manager_id, self.user_kam)
        # handed over: the former manager has no say any more
        with self.assertRaises(AccessError):
            account.write({'kam_manager_id': self.user_kam_other.id})

    def test_key_accounts_manager_reassigns_and_unmarks(self):
        account = self.customer_b.with_user(self.user_kam_manager)
        account.write({'kam_manager_id': self.user_kam.id})
        account.write({'kam_is_key_account': False})
        self.assertFalse(self.customer_b.kam_is_key_account)

    def test_users_outside_the_app_do_not_mark_key_accounts(self):
        prospect = self.env['res.partner'].create({'name': "Prospect Ltd", 'is_company': True})
        self.salesperson.group_ids += self.env.ref('base.group_partner_manager')
        with self.assertRaises(AccessError):
            prospect.with_user(self.salesperson).write({'kam_is_key_account': True})
        # any Key Accounts user makes an unmanaged partner a key account
        prospect.with_user(self.user_kam).write({'kam_is_key_account': True,
                                                 'kam_manager_id': self.user_kam.id})
        self.assertTrue(prospect.kam_is_key_account)
