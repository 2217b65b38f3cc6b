from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.kam_phone import normalize_cn_mobile
from .common_member import KamMemberCommon


class TestMemberMobile(KamMemberCommon):
    """Mobile numbers: the 11 digits of a valid Chinese mobile, however typed."""

    def test_normalised_forms(self):
        for typed in ("+86 138-1234-5678", "138 1234 5678", "13812345678", "0086 138 1234 5678",
                      " 138-1234-5678 "):
            with self.subTest(typed=typed):
                self.assertEqual(normalize_cn_mobile(self.env, typed), "13812345678")

    def test_malformed_refused_naming_the_value(self):
        for typed in ("1381234567", "138123456789", "010-8888 0001", "+852 6123 4567", "abc",
                      "12345678901"):
            with self.subTest(typed=typed), self.assertRaisesText(ValidationError, typed.strip()):
                normalize_cn_mobile(self.env, typed)
        with self.assertRaises(ValidationError):
            normalize_cn_mobile(self.env, "")

    def test_member_stores_the_normalised_number(self):
        member = self._create_member("张伟", "+86 139-0571-0001")
        self.assertEqual(member.mobile, "13905710001")
        member.mobile = "186 0571 0002"
        self.assertEqual(member.mobile, "18605710002")
        self.assertEqual(member.display_name, "张伟 (18605710002)")

    def test_malformed_number_writes_nothing(self):
        member = self._create_member("张伟", "13905710001")
        with self.assertRaisesText(ValidationError, "0571-8888"):
            member.write({'mobile': "0571-8888", 'department': "信息中心"})
        self.assertEqual(member.mobile, "13905710001")
        self.assertFalse(member.department)
        with self.assertRaisesText(ValidationError, "1390571"):
            self._create_member("李娜", "1390571")
        self.assertFalse(self.env['kam.member'].search([('name', '=', "李娜")]))


class TestMemberUniqueness(KamMemberCommon):

    def test_group_is_the_account_group(self):
        hq = self._create_member("张伟", "13905710001")
        sub = self._create_member("李娜", "13905710002", partner=self.sub_a)
        self.assertEqual(hq.group_id, self.group_a)
        self.assertEqual(sub.group_id, self.group_a)

    def test_mobile_unique_among_enrolled_members_of_a_group(self):
        self._create_member("张伟", "13905710001")
        # a subsidiary is in the same group: refused, with a clear message
        with self.assertRaisesText(ValidationError, "13905710001"):
            self._create_member("张伟(重复)", "+86 139 0571 0001", partner=self.sub_a)
        # another group may enrol the same number
        other = self._create_member("王五", "13905710001", partner=self.group_b)
        self.assertEqual(other.group_id, self.group_b)
        # two equal numbers in one batch are refused too
        with self.assertRaises(ValidationError):
            self.env['kam.member'].create([
                {'name': "甲", 'mobile': "13905710009", 'partner_id': self.group_a.id},
                {'name': "乙", 'mobile': "139 0571 0009", 'partner_id': self.sub_a.id},
            ])

    def test_number_free_again_after_removal(self):
        first = self._create_member("张伟", "13905710001", date_join=date(2024, 1, 1))
        first.action_remove()
        second = self._create_member("张伟", "13905710001", partner=self.sub_a)
        self.assertEqual(second.state, 'active')
        # the removed member cannot come back while the number is taken
        self.assertEqual(first.state, 'removed')

    def test_unique_index_in_database(self):
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'kam_member' "
                            "AND indexdef LIKE '%%UNIQUE%%(group_id, mobile)%%'")
        definition = self.env.cr.fetchone()
        self.assertTrue(definition, "the unique index on (group_id, mobile) is missing")
        self.assertIn("state", definition[0])
        self.assertIn("active", definition[0])

    def test_company_outside_key_accounts_refused(self):
        plain = self.env['res.partner'].create({'name': "普通公司", 'is_company': True})
        with self.assertRaisesText(ValidationError, "普通公司"):
            self._create_member("张伟", "13905710001", partner=plain)
        contact = self._create_contact(self.group_a, "刘洋")
        with self.assertRaises(ValidationError):
            self._create_member("刘洋", "13905710002", partner=contact)


class TestMemberStates(KamMemberCommon):

    def _track(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_state_moves_through_actions_only(self):
        member = self._create_member("张伟", "13905710001").with_user(self.user_kam)
        self._track()
        with self.assertRaisesText(UserError, "buttons"):
            member.write({'state': 'removed'})
        with self.assertRaises(UserError):
            member.write({'date_leave': date(2026, 1, 1)})
        with self.assertRaises(UserError):
            self.env['kam.member'].with_user(self.user_kam).create({
                'name': "李娜", 'mobile': "13905710002", 'partner_id': self.group_a.id,
                'state': 'suspended'})
        self.assertEqual(member.state, 'active')

        self.assertTrue(member.action_suspend())
        self._track()
        self.assertEqual(member.state, 'suspended')
        with self.assertRaises(UserError):
            member.action_suspend()
        self.assertTrue(member.action_reactivate())
        self._track()
        self.assertEqual(member.state, 'active')
        with self.assertRaises(UserError):
            member.action_reactivate()
        self.assertTrue(member.action_remove())
        self._track()
        self.assertEqual(member.state, 'removed')
        self.assertEqual(member.date_leave, fields.Date.context_today(member))
        for action in (member.action_suspend, member.action_reactivate, member.action_remove):
            with self.assertRaises(UserError):
                action()
        tracked = member.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == 'state')
        self.assertEqual(len(tracked), 3, "each move is in the chatter")

    def test_remove_on_a_date(self):
        member = self._create_member("张伟", "13905710001", date_join=date(2025, 3, 1))
        with self.assertRaisesText(ValidationError, "2025-03-01"):
            member._kam_remove(date(2025, 2, 1))
        self.assertEqual(member.state, 'active')
        member._kam_remove(date(2025, 12, 31))
        self.assertEqual((member.state, member.date_leave), ('removed', date(2025, 12, 31)))

    def test_others_cannot_move_a_member(self):
        member = self._create_member("张伟", "13905710001")
        with self.assertRaises(AccessError):
            member.with_user(self.user_kam_other).action_suspend()
        self.assertEqual(member.state, 'active')


class TestMemberRollups(KamMemberCommon):

    def test_counts_and_coverage(self):
        self._create_member("甲", "13905710001")
        self._create_member("乙", "13905710002")
        self._create_member("丙", "13905710003").action_suspend()
        self._create_member("丁", "13905710004").action_remove()
        self._create_member("戊", "13905710005", active=False)
        self._create_member("己", "13905710006", partner=self.sub_a)
        self._create_member("庚", "13905710007", partner=self.sub_a)
        self._create_member("辛", "13905710008", partner=self.group_b)
        self.env.invalidate_all()
        accounts = (self.group_a | self.sub_a | self.group_b).with_user(self.user_kam_manager)
        self.assertEqual(accounts.mapped('kam_member_count'), [3, 2, 1])
        self.assertEqual(accounts.mapped('kam_group_member_count'), [5, 2, 1])
        mine = accounts.with_user(self.user_kam)
        self.assertEqual(mine.mapped('kam_group_member_count'), [5, 2, 0], "B is not his")
        # members ÷ headcount of the company and everything below it
        self.assertEqual(accounts.mapped('kam_member_coverage'), [16.7, 10.0, 2.0])
        # counts are what the smart button's list shows; coverage is a total
        other = self.group_a.with_user(self.user_kam_other)
        self.assertEqual((other.kam_group_member_count, other.kam_member_coverage), (0, 16.7))
        action = self.group_a.with_user(self.user_kam).action_kam_view_members()
        listed = self.env['kam.member'].with_user(self.user_kam).with_context(
            active_test=True).search(action['domain'] + [('state', '!=', 'removed')])
        self.assertEqual(len(listed), 5)

    def test_no_headcount_no_coverage(self):
        self.group_b.kam_employee_count = 0
        self._create_member("辛", "13905710008", partner=self.group_b)
        self.env.invalidate_all()
        self.assertEqual(self.group_b.kam_member_coverage, 0.0)

    def test_rollups_are_internal(self):
        with self.assertRaises(AccessError):
            self.group_a.with_user(self.portal_a).read(['kam_group_member_count'])

    def test_list_of_accounts_costs_the_same_for_1_or_80(self):
        accounts = self.env['res.partner']
        for i in range(80):
            accounts |= self._create_account(f"Bulk {i}", parent_id=False if i % 2 else self.group_a.id)
        self.env['kam.member'].create([
            {'name': f"成员 {i}", 'mobile': str(13900000000 + i), 'partner_id': account.id}
            for i, account in enumerate(accounts)])
        spec = {'complete_name': {}, 'kam_member_count': {}, 'kam_group_member_count': {},
                'kam_member_coverage': {}}
        Partner = self.env['res.partner'].with_user(self.user_kam)

        def read_list(limit):
            self.env.invalidate_all()
            return self._count_queries(lambda: Partner.web_search_read(
                [('kam_is_key_account', '=', True), ('name', 'like', 'Bulk')], spec, limit=limit))

        read_list(1)  # warm the caches of rules and views
        one, eighty = read_list(1), read_list(80)
        self.assertEqual(one, eighty, f"1 account: {one} queries, 80 accounts: {eighty}")


class TestMemberGroupAdmin(KamMemberCommon):

    def test_set_by_key_accounts_users_only(self):
        contact = self._create_contact(self.group_a, "刘洋")
        contact.with_user(self.user_kam).kam_portal_group_admin = True
        self.assertTrue(contact.kam_portal_group_admin)
        for user in (self.user_internal, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                contact.with_user(user).write({'kam_portal_group_admin': False})
        with self.assertRaises(AccessError):
            self.env['res.partner'].with_user(self.user_internal).create({
                'name': "王磊", 'parent_id': self.group_a.id, 'kam_portal_group_admin': True})
        # another account's manager does not decide for this account
        with self.assertRaises(AccessError):
            contact.with_user(self.user_kam_other).write({'kam_portal_group_admin': False})
        self.assertTrue(contact.kam_portal_group_admin)


class TestMemberAccess(KamMemberCommon):
    """The account's manager and team change their members, Key Accounts
    Managers all; other employees none; portal users read their own group's
    address book only, and never write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._create_member("张伟", "13905710001", note="VIP")
        cls.member_sub = cls._create_member("李娜", "13905710002", partner=cls.sub_a)
        cls.member_b = cls._create_member("王五", "13905710003", partner=cls.group_b)
        cls.all_members = cls.member_a | cls.member_sub | cls.member_b

    def _visible(self, user):
        return self.env['kam.member'].with_user(user).search([('id', 'in', self.all_members.ids)])

    def test_account_manager(self):
        self.assertEqual(self._visible(self.user_kam), self.member_a | self.member_sub)
        member = self.member_a.with_user(self.user_kam)
        member.department = "信息中心"
        new = self.env['kam.member'].with_user(self.user_kam).create({
            'name': "赵六", 'mobile': "13905710004", 'partner_id': self.sub_a.id})
        self.assertEqual(new.kam_account_manager_id, self.user_kam)
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.user_kam).read(['name'])
        with self.assertRaises(AccessError):
            new.unlink()  # removed or archived, not deleted, by account managers
        # a member cannot be moved to an account one does not serve
        with self.assertRaises(AccessError):
            member.write({'partner_id': self.group_b.id})

    def test_team_member(self):
        self.env['kam.team.member'].create({'partner_id': self.group_b.id,
                                            'user_id': self.user_kam.id})
        self.assertEqual(self._visible(self.user_kam), self.all_members)
        self.member_b.with_user(self.user_kam).job_title = "经理"

    def test_other_account_manager(self):
        self.assertEqual(self._visible(self.user_kam_other), self.member_b)
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.user_kam_other).write({'department': "x"})
        with self.assertRaises(AccessError):
            self.env['kam.member'].with_user(self.user_kam_other).create({
                'name': "赵六", 'mobile': "13905710004", 'partner_id': self.group_a.id})

    def test_key_accounts_manager(self):
        self.assertEqual(self._visible(self.user_kam_manager), self.all_members)
        self.member_b.with_user(self.user_kam_manager).action_suspend()
        self.assertEqual(self.member_b.state, 'suspended')

    def test_plain_employee(self):
        with self.assertRaises(AccessError):
            self.env['kam.member'].with_user(self.user_internal).search([])

    def test_portal_reads_own_group_only(self):
        Member = self.env['kam.member']
        for user, expected in ((self.portal_a, self.member_a | self.member_sub),
                               (self.portal_sub_a, self.member_a | self.member_sub),
                               (self.portal_b, self.member_b)):
            with self.subTest(user=user.login):
                self.assertEqual(Member.with_user(user).search([]), expected)
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.portal_a).read(['name'])
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.portal_b).read(['mobile'])

    @mute_logger('odoo.addons.base.models.ir_rule', 'odoo.addons.base.models.ir_model')
    def test_portal_never_writes(self):
        member = self.member_a.with_user(self.portal_a)
        # read masked: not the group's administrator (see test_privacy_masking)
        self.assertEqual(member.mobile, "139****0001")
        with self.assertRaises(AccessError):
            member.write({'department': "x"})
        with self.assertRaises(AccessError):
            self.env['kam.member'].with_user(self.portal_a).create({
                'name': "赵六", 'mobile': "13905710004", 'partner_id': self.group_a.id})
        with self.assertRaises(AccessError):
            member.unlink()
        with self.assertRaises(AccessError):
            member.action_remove()
        # internal notes stay internal
        with self.assertRaises(AccessError):
            member.read(['note'])
        self.assertEqual(self.member_a.state, 'active')

    def test_member_list_costs_the_same_for_1_or_80(self):
        self.env['kam.member'].create([
            {'name': f"成员 {i:02d}", 'mobile': str(13800000000 + i),
             'partner_id': (self.group_a if i % 2 else self.sub_a).id, 'product_id': self.plan.id}
            for i in range(80)])
        name_only = {'fields': {'display_name': {}}}
        spec = {'name': {}, 'mobile': {}, 'partner_id': name_only, 'department': {},
                'job_title': {}, 'date_join': {}, 'state': {}}
        for user in (self.user_kam, self.user_kam_manager, self.portal_a):
            Member = self.env['kam.member'].with_user(user)
            # the staff list shows the service plan too (a product: internal)
            user_spec = spec if user.share else dict(spec, product_id=name_only)

            def read_list(limit, Member=Member, user_spec=user_spec):
                self.env.invalidate_all()
                return self._count_queries(lambda: Member.web_search_read(
                    [('name', 'like', '成员')], user_spec, limit=limit))

            read_list(1)  # warm the caches of rules and fields
            with self.subTest(user=user.login):
                one, eighty = read_list(1), read_list(80)
                self.assertEqual(one, eighty, f"1 member: {one} queries, 80 members: {eighty}")


@tagged('post_install', '-at_install')
class TestMemberOfPlainSubsidiary(KamMemberCommon):
    """A company of the group that is not a key account itself is served by
    the key account above it: its members are the account manager's."""

    def test_account_manager_reaches_members_of_plain_subsidiary(self):
        plain = self.env['res.partner'].create({
            'name': "华东能源物业公司", 'is_company': True, 'parent_id': self.group_a.id})
        member = self._create_member("物业 成员", "13606715555", partner=plain)
        Member = self.env['kam.member']
        self.assertEqual(Member.with_user(self.user_kam).search([('id', '=', member.id)]), member)
        self.assertFalse(Member.with_user(self.user_kam_other).search([('id', '=', member.id)]))
        member.with_user(self.user_kam).action_suspend()
        # the group changes hands: the subsidiary's members follow
        self.group_a.kam_manager_id = self.user_kam_other
        self.assertEqual(Member.with_user(self.user_kam_other).search([('id', '=', member.id)]), member)
        self.assertFalse(Member.with_user(self.user_kam).search([('id', '=', member.id)]))
