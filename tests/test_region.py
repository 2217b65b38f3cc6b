from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .test_access_model import KamAccessCommon

HEAD = 'key_account_management.group_kam_region_head'


class KamRegionCommon(KamAccessCommon):
    """浙江省 → 杭州市 (西湖区, 滨江区), 宁波市; a head of 杭州市; an account in
    西湖区 run by user_kam_other and one in 宁波市 run by user_kam_other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env['kam.region']
        cls.zhejiang = Region.create({'name': "浙江省", 'level': 'province',
                                      'state_id': cls.env.ref('base.state_cn_ZJ').id})
        cls.hangzhou = Region.create({'name': "杭州市", 'level': 'city', 'city': "杭州",
                                      'parent_id': cls.zhejiang.id})
        cls.xihu = Region.create({'name': "西湖区", 'level': 'district', 'parent_id': cls.hangzhou.id})
        cls.binjiang = Region.create({'name': "滨江区", 'level': 'district',
                                      'parent_id': cls.hangzhou.id})
        cls.ningbo = Region.create({'name': "宁波市", 'level': 'city', 'city': "宁波",
                                    'parent_id': cls.zhejiang.id})
        cls.head = new_test_user(cls.env, login='kam_region_head', name="City Head", groups=HEAD)
        cls.hangzhou.head_user_ids = cls.head
        cls.account_xihu = cls._create_account(
            "Xihu Tea Group", kam_manager_id=cls.user_kam_other.id, kam_region_id=cls.xihu.id)
        cls.account_ningbo = cls._create_account(
            "Ningbo Port Group", kam_manager_id=cls.user_kam_other.id, kam_region_id=cls.ningbo.id)
        cls.contract_xihu = cls._contract(cls.account_xihu)
        cls.contract_ningbo = cls._contract(cls.account_ningbo)


@tagged('post_install', '-at_install')
class TestRegionTree(KamRegionCommon):

    def test_complete_name_and_children(self):
        self.assertEqual(self.xihu.complete_name, "浙江省 / 杭州市 / 西湖区")
        self.assertEqual(self.xihu.display_name, "浙江省 / 杭州市 / 西湖区")
        self.assertEqual(self.env['kam.region'].search([('id', 'child_of', self.hangzhou.id)]),
                         self.hangzhou | self.xihu | self.binjiang)
        self.hangzhou.name = "杭州"
        self.assertEqual(self.binjiang.complete_name, "浙江省 / 杭州 / 滨江区")

    def test_cycle_refused(self):
        with self.assertRaises(ValidationError):
            self.zhejiang.parent_id = self.xihu
        self.assertFalse(self.zhejiang.parent_id)
        # the level rule on its own: a district needs a city above it
        with self.assertRaises(ValidationError):
            self.env['kam.region'].create({'name': "Orphan District", 'level': 'district'})
        with self.assertRaises(ValidationError):
            self.env['kam.region'].create(
                {'name': "City in a District", 'level': 'city', 'parent_id': self.xihu.id})
        with self.assertRaises(ValidationError):
            self.env['kam.region'].create(
                {'name': "District in a Province", 'level': 'district', 'parent_id': self.zhejiang.id})

    def test_only_administrators_change_regions(self):
        with self.assertRaises(AccessError):
            self.hangzhou.with_user(self.head).name = "Mine"
        with self.assertRaises(AccessError):
            self.hangzhou.with_user(self.head).head_user_ids = [Command.link(self.user_kam.id)]
        self.assertEqual(self.hangzhou.with_user(self.user_kam).complete_name, "浙江省 / 杭州市")

    def test_default_region_from_address(self):
        Partner = self.env['res.partner']
        district = Partner.create({'name': "Wensan Software", 'is_company': True,
                                   'city': "杭州市", 'street': "西湖区文三路 90 号"})
        self.assertFalse(district.kam_region_id, "ordinary partners get no region")
        district.kam_is_key_account = True
        self.assertEqual(district.kam_region_id, self.xihu)
        city = self._create_account("Hangzhou Shop", city="杭州", street="解放路 1 号")
        self.assertEqual(city.kam_region_id, self.hangzhou)
        province = self._create_account("Taizhou Works", city="台州",
                                        state_id=self.env.ref('base.state_cn_ZJ').id)
        self.assertEqual(province.kam_region_id, self.zhejiang)
        nowhere = self._create_account("Nowhere Ltd", city="Paris")
        self.assertFalse(nowhere.kam_region_id)
        # the address changes while the region is empty: found then
        nowhere.write({'city': "宁波"})
        self.assertEqual(nowhere.kam_region_id, self.ningbo)
        # a region set stays when the address changes
        nowhere.write({'city': "杭州"})
        self.assertEqual(nowhere.kam_region_id, self.ningbo)


@tagged('post_install', '-at_install')
class TestRegionHeadAccess(KamRegionCommon):

    def test_head_reads_and_changes_his_regions_only(self):
        Contract = self.env['kam.contract'].with_user(self.head)
        self.assertEqual(Contract.search([('id', 'in', (self.contract_xihu | self.contract_ningbo).ids)]),
                         self.contract_xihu)
        self.contract_xihu.with_user(self.head).write({'title': "Renegotiated by the city"})
        self.assertEqual(self.contract_xihu.title, "Renegotiated by the city")
        with self.assertRaises(AccessError):
            self.contract_ningbo.with_user(self.head).write({'title': "Not his city"})
        # the account itself (no record rule on partners: the account check)
        self.account_xihu.with_user(self.head).write({'kam_handset_count': 120})
        self.assertEqual(self.account_xihu.kam_handset_count, 120)
        with self.assertRaises(AccessError):
            self.account_ningbo.with_user(self.head).write({'kam_handset_count': 1})
        # he may create a contract and a project on an account of his region, not elsewhere
        project = self.env['kam.project'].with_user(self.head).create(
            {'name': "West Lake rollout", 'partner_id': self.account_xihu.id})
        self.assertEqual(project.kam_account_region_id, self.xihu)
        with self.assertRaises(AccessError):
            self.env['kam.project'].with_user(self.head).create(
                {'name': "Port rollout", 'partner_id': self.account_ningbo.id})
        # the My Region filter
        mine = self.env['res.partner'].with_user(self.head).search(
            [('kam_in_my_regions', '=', True), ('id', 'in', (self.account_xihu | self.account_ningbo).ids)])
        self.assertEqual(mine, self.account_xihu)

    def test_heads_own_menu_opens_on_his_regions(self):
        menu = self.env.ref('key_account_management.menu_kam_key_accounts_my_region')
        Menu = self.env['ir.ui.menu']
        self.assertIn(menu.id, Menu.with_user(self.head)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.user_kam)._visible_menu_ids())
        action = self.env.ref('key_account_management.res_partner_action_key_accounts_my_region')
        result = action.with_user(self.head).run()
        self.assertEqual(result['res_model'], 'res.partner')
        self.assertEqual(result['context'].get('search_default_my_region_accounts'), 1)
        self.assertNotIn('search_default_my_team_accounts', result['context'])
        with self.assertRaises(AccessError):
            action.with_user(self.user_kam).run()

    def test_head_sends_sms_to_his_regions_accounts_only(self):
        Send = self.env['kam.sms.send']
        mine = Send.create({'name': "Notice", 'body': "{name}", 'account_ids': self.account_xihu.ids})
        other = Send.create({'name': "Notice", 'body': "{name}", 'account_ids': self.account_ningbo.ids})
        mine.with_user(self.head)._kam_check_accounts()  # his region: no error
        with self.assertRaises(UserError):
            other.with_user(self.head)._kam_check_accounts()

    def test_head_manages_teams_of_his_regions_only(self):
        Team = self.env['kam.team.member'].with_user(self.head)
        member = Team.create({'partner_id': self.account_xihu.id, 'user_id': self.user_kam.id})
        self.assertEqual(member.kam_account_region_id, self.xihu)
        with self.assertRaises(AccessError):
            Team.create({'partner_id': self.account_ningbo.id, 'user_id': self.user_kam.id})
        # nor does he pull a foreign account into his region
        with self.assertRaises(AccessError):
            self.account_ningbo.with_user(self.head).write({'kam_region_id': self.xihu.id})
        self.assertEqual(self.account_ningbo.kam_region_id, self.ningbo)

    def test_head_of_two_regions(self):
        self.ningbo.head_user_ids = [Command.link(self.head.id)]
        Contract = self.env['kam.contract'].with_user(self.head)
        self.assertEqual(Contract.search([('id', 'in', (self.contract_xihu | self.contract_ningbo).ids)]),
                         self.contract_xihu | self.contract_ningbo)
        self.contract_ningbo.with_user(self.head).write({'title': "Now his too"})

    def test_plain_user_unchanged_and_manager_sees_all(self):
        both = self.contract_xihu | self.contract_ningbo
        # user_kam runs neither account: reads neither contract, changes neither account
        self.assertFalse(self.env['kam.contract'].with_user(self.user_kam).search([('id', 'in', both.ids)]))
        with self.assertRaises(AccessError):
            self.account_xihu.with_user(self.user_kam).write({'kam_handset_count': 3})
        # even if he is named head of the region without the group
        self.hangzhou.head_user_ids = [Command.link(self.user_kam.id)]
        self.assertFalse(self.env['kam.contract'].with_user(self.user_kam).search([('id', 'in', both.ids)]))
        with self.assertRaises(AccessError):
            self.account_xihu.with_user(self.user_kam).write({'kam_handset_count': 3})
        self.assertEqual(self.env['kam.contract'].with_user(self.user_kam_manager).search(
            [('id', 'in', both.ids)]), both)
        # the account's own manager keeps his rights
        self.contract_ningbo.with_user(self.user_kam_other).write({'title': "Still mine"})

    def test_column_follows_the_account(self):
        member = self.env['kam.member'].create(
            {'name': "Member", 'mobile': "13900000990", 'partner_id': self.account_xihu.id})
        self.assertEqual(self.contract_xihu.kam_account_region_id, self.xihu)
        self.assertEqual(member.kam_account_region_id, self.xihu)
        Contract = self.env['kam.contract'].with_user(self.head)
        self.assertTrue(Contract.search([('id', '=', self.contract_xihu.id)]))
        self.account_xihu.kam_region_id = self.ningbo
        self.assertEqual(self.contract_xihu.kam_account_region_id, self.ningbo)
        self.assertEqual(member.kam_account_region_id, self.ningbo)
        self.assertFalse(Contract.search([('id', '=', self.contract_xihu.id)]))
        self.assertFalse(self.env['kam.member'].with_user(self.head).search([('id', '=', member.id)]))
        # a company of the group that is not a key account follows its account
        branch = self.env['res.partner'].create(
            {'name': "Xihu Tea Shop", 'is_company': True, 'parent_id': self.account_xihu.id})
        contract = self._contract(self.account_xihu)
        self.assertEqual(contract.kam_account_region_id, self.ningbo)
        self.assertTrue(branch)
        # callers never write it
        self.contract_ningbo.write({'kam_account_region_id': self.xihu.id})
        self.assertEqual(self.contract_ningbo.kam_account_region_id, self.ningbo)

    def test_rule_cache_cleared_when_head_regions_change(self):
        Contract = self.env['kam.contract'].with_user(self.head)
        # rules computed and cached before each change
        self.assertFalse(Contract.search([('id', '=', self.contract_ningbo.id)]))
        self.head.kam_head_region_ids = [Command.link(self.ningbo.id)]
        self.assertEqual(Contract.search([('id', '=', self.contract_ningbo.id)]), self.contract_ningbo)
        self.ningbo.head_user_ids = [Command.unlink(self.head.id)]
        self.assertFalse(Contract.search([('id', '=', self.contract_ningbo.id)]))
        # a new district of his city: its accounts are his at once
        self.assertTrue(Contract.search([('id', '=', self.contract_xihu.id)]))
        self.xihu.parent_id = self.ningbo.id
        self.assertFalse(Contract.search([('id', '=', self.contract_xihu.id)]))

    def test_region_head_group_is_in_the_privilege(self):
        group = self.env.ref(HEAD)
        self.assertEqual(group.privilege_id, self.env.ref('key_account_management.group_kam_user').privilege_id)
        self.assertTrue(self.head.has_group('key_account_management.group_kam_user'))
        self.assertFalse(self.head.has_group('key_account_management.group_kam_manager'))
        own_team = self.env['ir.rule'].search([('groups', 'in', self.env.ref(
            'key_account_management.group_kam_user').id), ('name', 'like', 'of own and team accounts')])
        region = self.env['ir.rule'].search([('groups', 'in', group.id)])
        self.assertEqual(set(own_team.model_id.ids) - set(region.model_id.ids), set())


@tagged('post_install', '-at_install')
class TestKeyAccountsMenuPerRole(KamRegionCommon):

    def test_list_opens_on_what_the_role_runs(self):
        menu = self.env.ref('key_account_management.menu_kam_key_accounts')
        self.assertEqual(menu.action, self.env.ref('key_account_management.res_partner_action_key_accounts_by_role'))
        self.assertEqual(menu.action.path, 'key-accounts')
        self.user_kam_manager.kam_head_region_ids = [Command.link(self.ningbo.id)]
        Partner = self.env['res.partner']
        every = Partner.search([('kam_is_key_account', '=', True)])
        for user, default, accounts in (
                (self.user_kam_manager, None, every),
                (self.head, 'search_default_my_region_accounts', self.account_xihu),
                (self.user_kam_other, 'search_default_my_team_accounts', every.filtered(
                    lambda a: self.user_kam_other in a.kam_manager_id | a.kam_team_member_ids.user_id))):
            with self.subTest(user=user.name):
                action = menu.action.with_user(user).run()
                defaults = [key for key in action['context'] if key.startswith('search_default_')]
                self.assertEqual(defaults, [default] if default else [],
                                 "the head of the department opens on every account")
                # what the list then shows: the action's domain and the default filter's
                search = self.env.ref('key_account_management.res_partner_view_search_key_accounts')
                arch = Partner.with_user(user).get_views([(search.id, 'search')])['views']['search']['arch']
                domain = safe_eval(action['domain'])
                if default:
                    name = default.removeprefix('search_default_')
                    node = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")[0]
                    domain += safe_eval(node.get('domain'), {'uid': user.id})
                self.assertEqual(Partner.with_user(user).search(domain), accounts)
                self.assertIn(self.account_xihu, accounts)
        self.assertTrue(menu.action.with_user(self.user_kam_manager).run()['help'],
                        "an empty list explains itself instead of showing sample rows")


@tagged('post_install', '-at_install')
class TestRegionRuleCost(KamRegionCommon):

    def test_region_heads_list_costs_what_a_managers_costs(self):
        self.env['kam.contract'].create([{
            'title': f"Bulk {i}", 'partner_id': (self.account_xihu if i % 2 else self.account_ningbo).id,
            **self.dates} for i in range(40)])
        page = self._contract_page_queries

        head_one, head_many = page(self.head, 1), page(self.head, 20)
        self.assertEqual(head_one, head_many, "the page costs the same for 1 or 20 contracts")
        self.assertLessEqual(head_many, page(self.user_kam_manager, 20) + 1)
        # the rule is a condition on the contract's own indexed column
        Contract = self.env['kam.contract'].with_user(self.head)
        query = Contract._search([])
        sql = query.select().code
        self.assertIn('"kam_account_region_id"', sql)
        self.assertNotIn('res_partner', sql)
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'kam_contract'")
        self.assertTrue(any('(kam_account_region_id)' in row[0] for row in self.env.cr.fetchall()))


@tagged('post_install', '-at_install')
class TestRegionTour(HttpCase, KamRegionCommon):

    def test_region_tour(self):
        province = self.env['kam.region'].create({'name': "Tour Province", 'level': 'province'})
        city = self.env['kam.region'].create({'name': "Tour City", 'level': 'city',
                                              'parent_id': province.id, 'head_user_ids': self.head.ids})
        self.env['kam.region'].create({'name': "Tour District", 'level': 'district', 'parent_id': city.id})
        self.start_tour("/odoo", "kam_region_tour", login=self.user_kam_admin.login)
