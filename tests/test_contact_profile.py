from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestContactProfile(HttpCase, KamCommon):
    """A contact's relationship profile (birthday, interests, background) is
    sensitive personal information: its account's manager and team read and
    write it; other managers, the region heads, the department head, plain
    employees and portal users never reach it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._create_account("East Energy Group")
        cls.other_account = cls._create_account("West Retail", kam_manager_id=cls.user_kam_other.id)
        cls.boss = cls._create_contact(cls.account, "陈建国", kam_buying_role='decision_maker')
        cls.advisor = cls._create_contact(cls.account, "刘洋", kam_buying_role='influencer')
        cls.buyer = cls._create_contact(cls.other_account, "王磊")
        cls.portal = cls._create_portal_user(cls.account, 'kam_profile_portal')
        Profile = cls.env['kam.contact.profile']
        cls.profile = Profile.with_user(cls.user_kam).create({
            'partner_id': cls.boss.id, 'birthday': '1968-05-12', 'interests': "围棋",
            'preferred_channel': 'visit'})
        cls.other_profile = Profile.with_user(cls.user_kam_other).create({
            'partner_id': cls.buyer.id, 'interests': "钓鱼"})

    def test_the_account_team_reads_and_writes(self):
        Profile = self.env['kam.contact.profile'].with_user(self.user_kam)
        self.assertEqual(Profile.search([]), self.profile)
        self.assertEqual(self.profile.kam_account_id, self.account)
        self.assertEqual(self.profile.kam_account_manager_id, self.user_kam)
        self.profile.with_user(self.user_kam).interests = "围棋、徒步"
        # the chatter says who changed what part, never the values
        message = self.profile.message_ids[0]
        self.assertEqual(message.author_id, self.user_kam.partner_id)
        self.assertIn("Interests and Hobbies", message.body)
        self.assertNotIn("徒步", message.body)
        self.assertFalse(message.sudo().tracking_value_ids)
        # a member of the account's team reads it too
        self.env['kam.team.member'].create({'partner_id': self.account.id,
                                            'user_id': self.user_kam_other.id,
                                            'role': 'service_manager'})
        self.assertEqual(self.env['kam.contact.profile'].with_user(self.user_kam_other).search([]),
                         self.profile | self.other_profile)

    def test_nobody_else_reaches_it(self):
        for user in (self.user_kam_other, self.user_kam_manager):
            Profile = self.env['kam.contact.profile'].with_user(user)
            self.assertNotIn(self.profile, Profile.search([]), user.name)
            with self.assertRaises(AccessError, msg=user.name):
                self.profile.with_user(user).read(['interests'])
            with self.assertRaises(AccessError, msg=user.name):
                self.profile.with_user(user).write({'note': "x"})
            with self.assertRaises(AccessError, msg=user.name):
                Profile.create({'partner_id': self.advisor.id})
        # the department head's rights on every account do not open it
        self.assertEqual(self.env['kam.contact.profile'].with_user(self.user_kam_manager)
                         .search_count([]), 0)
        for user in (self.user_internal, self.portal):
            with self.assertRaises(AccessError, msg=user.name):
                self.env['kam.contact.profile'].with_user(user).search([])
        self.assertFalse(self.env['kam.contact.profile'].search_count(
            [('partner_id', '=', self.advisor.id)]), "nothing was written")

    def test_a_new_manager_takes_the_profiles_over(self):
        self.account.kam_manager_id = self.user_kam_other
        self.assertIn(self.profile, self.env['kam.contact.profile'].with_user(
            self.user_kam_other).search([]))
        self.assertNotIn(self.profile, self.env['kam.contact.profile'].with_user(
            self.user_kam).search([]))

    def test_opened_from_the_contact(self):
        action = self.boss.with_user(self.user_kam).action_kam_open_contact_profile()
        self.assertEqual((action['res_model'], action['res_id']),
                         ('kam.contact.profile', self.profile.id))
        action = self.advisor.with_user(self.user_kam).action_kam_open_contact_profile()
        self.assertEqual(action['context']['default_partner_id'], self.advisor.id)
        self.assertNotIn('res_id', action)
        # outside the team: told no, the same words whether a profile exists or not
        for contact in (self.boss, self.advisor):
            with self.assertRaisesText(UserError, "Only the team of the contact's key account"):
                contact.with_user(self.user_kam_other).action_kam_open_contact_profile()
        with self.assertRaisesText(UserError, "Only the team"):
            self.account.with_user(self.user_kam).action_kam_open_contact_profile()

    def test_bad_input(self):
        Profile = self.env['kam.contact.profile'].with_user(self.user_kam)
        with self.assertRaisesText(ValidationError, "choose a contact, not a company"):
            Profile.create({'partner_id': self.account.id})
        with self.assertRaisesText(ValidationError, "past date after 1900"):
            Profile.create({'partner_id': self.advisor.id, 'birthday': '2999-01-01'})
        with self.assertRaisesText(ValidationError, "past date after 1900"):
            self.profile.with_user(self.user_kam).birthday = '1850-01-01'
        self.assertEqual(str(self.profile.birthday), '1968-05-12', "nothing written")
        with self.assertRaisesConstraint(UniqueViolation, 'kam.contact.profile',
                                         "A contact has one relationship profile: open the "
                                         "existing one."):
            Profile.create({'partner_id': self.boss.id})
        self.assertEqual(self.env['kam.contact.profile'].search_count(
            [('partner_id', 'in', (self.advisor | self.boss).ids)]), 1)

    def test_birthday_filter_and_list_queries(self):
        self.assertEqual(self.profile.birthday_month, 5)
        contacts = [self._create_contact(self.account, f"联系人 {i}") for i in range(30)]
        Profile = self.env['kam.contact.profile'].with_user(self.user_kam)
        Profile.create([{'partner_id': c.id, 'birthday': f'1980-0{1 + i % 9}-01',
                         'preferred_channel': 'wechat'} for i, c in enumerate(contacts)])
        self.env.invalidate_all()
        fields = ['partner_id', 'parent_id', 'function', 'birthday', 'preferred_channel',
                  'kam_account_manager_id']
        Profile.web_search_read([], {f: {} for f in fields}, limit=80)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            result = Profile.web_search_read([], {f: {} for f in fields}, limit=80)
        self.assertEqual(result['length'], 31)
        self.assertEqual(Profile.search_count([('birthday_month', '=', 5)]), 1 + 3)

    def test_tour(self):
        self.start_tour(f"/odoo/res.partner/{self.advisor.id}", 'kam_contact_profile_tour',
                        login=self.user_kam.login)
        profile = self.env['kam.contact.profile'].search([('partner_id', '=', self.advisor.id)])
        self.assertEqual((profile.preferred_channel, profile.interests), ('wechat', "Go and hiking"))
