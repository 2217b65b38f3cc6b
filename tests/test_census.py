from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.kam_uscc import check_uscc, normalize_org_name, uscc_check_char, uscc_problem
from .common_census import CODE_1, CODE_2, CODE_3, KamCensusCommon


@tagged('post_install', '-at_install')
class TestUscc(KamCensusCommon):
    """The unified social credit code: 18 characters of its set, the last a
    check character over the first 17 (weights 3^i mod 31)."""

    def test_valid_codes(self):
        for code in (CODE_1, CODE_2, CODE_3):
            self.assertIsNone(uscc_problem(code), code)
        self.assertEqual(uscc_check_char('91350100M000100Y4'), '3')
        # written with spaces, dashes, full-width or small letters: the same code
        self.assertEqual(check_uscc(self.env, ' 91350100-m000100y43 '), CODE_1)
        self.assertEqual(check_uscc(self.env, '９１３５０１００Ｍ０００１００Ｙ４３'), CODE_1)
        self.assertFalse(check_uscc(self.env, '  '))

    def test_invalid_codes(self):
        cases = {
            '91350100M000100Y4': 'length',       # 17 characters
            '91350100M000100Y433': 'length',     # 19
            '91350100M000100I43': 'charset',     # I is not in the set
            '91350100O000100Y43': 'charset',     # nor O
            '913501Z0M000100Y43': 'charset',     # nor Z
            '9135A100M000100Y43': 'division',    # division code not digits
            '91350100M000100Y44': 'check',       # wrong check character
            '91110000600037341K': 'check',
        }
        for code, problem in cases.items():
            with self.subTest(code=code):
                self.assertEqual(uscc_problem(code), problem)
                with self.assertRaises(ValidationError):
                    check_uscc(self.env, code)
        with self.assertRaisesText(ValidationError, "check character"):
            self._entry("错码公司", uscc='91350100M000100Y44')
        with self.assertRaisesText(ValidationError, "has 17 characters"):
            self.env['res.partner'].create({'name': "错码公司", 'is_company': True,
                                            'kam_uscc': '91350100M000100Y4'})
        self.assertFalse(self.env['kam.census.entry'].search([('name', '=', "错码公司")]))


@tagged('post_install', '-at_install')
class TestCensusData(KamCensusCommon):
    """One organisation, one record: codes unique per company among the
    active entries and companies, duplicates found by code and name."""

    def test_code_unique_among_entries_and_partners(self):
        entry = self._entry("杭州文三数码科技有限公司", uscc=CODE_1)
        with self.assertRaisesText(ValidationError, "already recorded in the census"):
            self._entry("另一家公司", uscc=CODE_1, grid=self.grid_ningbo)
        with self.assertRaisesText(ValidationError, "given to two organisations"):
            self.env['kam.census.entry'].create([
                {'name': "甲", 'grid_id': self.grid.id, 'uscc': CODE_2},
                {'name': "乙", 'grid_id': self.grid.id, 'uscc': CODE_2}])
        # a company with the code of an entry not converted: convert it instead
        with self.assertRaisesText(ValidationError, "convert that census entry"):
            self.env['res.partner'].create({'name': "杭州文三数码", 'is_company': True, 'kam_uscc': CODE_1})
        # two companies never share a code
        self.env['res.partner'].create({'name': "北京甲公司", 'is_company': True, 'kam_uscc': CODE_2})
        with self.assertRaisesText(ValidationError, "already held by another company"):
            self.env['res.partner'].create({'name': "北京乙公司", 'is_company': True,
                                            'kam_uscc': CODE_2.lower()})
        # an entry with the code of a company is that company's
        linked = self._entry("北京甲公司分部", uscc=CODE_2)
        self.assertEqual(linked.partner_id.kam_uscc, CODE_2)
        # an archived entry frees its code
        entry.action_archive()
        self.assertEqual(self._entry("新登记公司", uscc=CODE_1).uscc, CODE_1)

    def test_duplicates_by_code_and_normalised_name(self):
        self.assertEqual(normalize_org_name("杭州（西湖）龙井茶叶贸易有限公司"),
                         normalize_org_name("杭州西湖龙井茶叶贸易 股份有限公司"))
        self.assertEqual(normalize_org_name("华东能源集团有限责任公司"), "华东能源集团")
        self.assertNotEqual(normalize_org_name("华东能源集团"), normalize_org_name("华东电力"))
        one = self._entry("杭州（西湖）龙井茶叶贸易有限公司")
        two = self._entry("杭州西湖龙井茶叶贸易股份有限公司")
        alone = self._entry("杭州文华大酒店有限公司", uscc=CODE_3)
        partner = self.env['res.partner'].create({'name': "文华大酒店（杭州）有限公司", 'is_company': True})
        self.assertIn("杭州西湖龙井茶叶贸易股份有限公司", one.duplicate_warning)
        self.assertTrue(two.has_duplicates)
        self.assertFalse(self._entry("独一无二科技有限公司").has_duplicates)
        Entry = self.env['kam.census.entry']
        self.assertEqual(Entry.search([('has_duplicates', '=', True)]), one | two)
        # a company and an entry by name: both flagged
        partner.name = "杭州文华大酒店股份有限公司"
        self.assertIn(alone, Entry.search([('has_duplicates', '=', True)]))
        self.assertIn(partner, self.env['res.partner'].search([('kam_has_duplicates', '=', True)]))
        self.assertIn("杭州文华大酒店有限公司", partner.kam_duplicate_warning)
        # what the user may not read is counted, not named
        other = self._entry("杭州文华大酒店有限责任公司", grid=self.grid_ningbo)
        warning = alone.with_user(self.user_kam).duplicate_warning
        self.assertIn("outside your grids", warning)
        self.assertNotIn(other.name, warning)

    def test_filing_and_rates(self):
        entry = self._entry("杭州西溪水务有限公司", uscc=CODE_1)
        with self.assertRaisesText(UserError, "not complete"):
            entry.action_file()
        entry.write({'industry_id': self.industry_gov.id, 'size': 'medium', 'city': "杭州",
                     'tier_id': self.tier_a.id})
        self.assertIs(entry.action_file(), True)
        self.assertEqual((entry.filing_state, entry.date_filed),
                         ('filed', fields.Date.context_today(entry)))
        self._entry("未建档单位一", tier_id=self.tier_a.id)
        self._entry("未建档单位二", tier_id=self.tier_b.id)
        self._entry("宁波单位", grid=self.grid_ningbo)
        Entry = self.env['kam.census.entry']
        rates = Entry._kam_filing_rates([], 'grid_id')
        self.assertEqual(rates[self.grid], (3, 1, 33.3))
        self.assertEqual(rates[self.grid_ningbo], (1, 0, 0.0))
        self.assertEqual(Entry._kam_filing_rates([], 'tier_id')[self.tier_a], (2, 1, 50.0))
        self.assertEqual(Entry._kam_filing_rates([('region_id', 'child_of', self.hangzhou.id)],
                                                 'region_id')[self.xihu], (3, 1, 33.3))
        self.grid.invalidate_recordset()
        self.assertEqual((self.grid.entry_count, self.grid.filed_count, self.grid.filing_rate),
                         (3, 1, 33.3))
        # the pivot's measure averages to the same rate
        [(grid, rate)] = Entry._read_group([('grid_id', '=', self.grid.id)], ['grid_id'],
                                           ['filed_percent:avg'])
        self.assertAlmostEqual(rate, 100 / 3)

    def test_stages_move_only_through_actions(self):
        entry = self._entry("杭州古荡物流有限公司")
        with self.assertRaises(UserError):
            entry.with_user(self.user_kam).write({'state': 'qualified'})
        with self.assertRaises(UserError):
            entry.with_user(self.user_kam).write({'filing_state': 'filed'})
        with self.assertRaisesText(UserError, "Lost Reason"):
            entry.with_user(self.user_kam).action_lose()
        with self.assertRaises(UserError):
            entry.with_user(self.user_kam).action_convert()
        entry = entry.with_user(self.user_kam)
        entry.action_contact()
        entry.lost_reason = "总部统一采购"
        entry.action_lose()
        self.assertEqual(entry.state, 'lost')
        entry.action_reopen()
        entry.action_qualify()
        self.assertEqual(entry.state, 'qualified')


@tagged('post_install', '-at_install')
class TestCensusConversion(KamCensusCommon):

    def test_conversion_keeps_history_and_grades_the_tier(self):
        today = fields.Date.context_today(self.env.user)
        entry = self._entry("杭州市西湖区人民法院", uscc=CODE_1, industry_id=self.industry_gov.id,
                            size='medium', employee_count=300, city="杭州", street="之江路 188号",
                            competitor_id=self.competitor.id,
                            competitor_contract_end=today + timedelta(days=200))
        entry = entry.with_user(self.user_kam)
        entry.message_post(body="拜访了办公室主任")
        entry.action_contact()
        entry.action_qualify()
        action = entry.action_convert()
        partner = entry.partner_id
        self.assertEqual(action['res_id'], partner.id)
        self.assertEqual(entry.state, 'converted')
        self.assertEqual(entry.filing_state, 'filed')
        self.assertTrue(partner.kam_is_key_account)
        self.assertEqual((partner.kam_region_id, partner.kam_manager_id, partner.kam_uscc),
                         (self.xihu, self.user_kam, CODE_1))
        # graded at once: a government organisation is tier A
        self.assertEqual(partner.kam_tier_id, self.tier_a)
        self.assertTrue(partner.kam_tier_date)
        self.assertEqual(entry.tier_id, self.tier_a)
        # each chatter links to the other; the census history stays on the entry
        self.assertIn(f'data-oe-id="{entry.id}"', str(partner.message_ids[0].body))
        self.assertIn(f'data-oe-id="{partner.id}"', str(entry.message_ids[0].body))
        self.assertIn("拜访了办公室主任", entry.message_ids.mapped(lambda m: str(m.body)).__str__())
        # the competitor's contract: an opportunity due 90 days before it ends
        lead = entry.sudo().lead_id
        self.assertEqual((lead.partner_id, lead.user_id, lead.type), (partner, self.user_kam, 'opportunity'))
        self.assertEqual(lead.date_deadline, today + timedelta(days=110))
        self.assertLess(lead.date_deadline, entry.competitor_contract_end)

    def test_conversion_links_the_partner_with_the_same_code(self):
        existing = self.env['res.partner'].create({'name': "杭州文三数码科技", 'is_company': True,
                                                   'kam_uscc': CODE_2})
        entry = self._entry("杭州文三数码科技有限公司", uscc=CODE_2, industry_id=self.industry_retail.id)
        self.assertEqual(entry.partner_id, existing)
        partners_before = self.env['res.partner'].search_count([])
        entry.with_user(self.user_kam).action_qualify()
        entry.with_user(self.user_kam).action_convert()
        self.assertEqual(self.env['res.partner'].search_count([]), partners_before)
        self.assertTrue(existing.kam_is_key_account)
        self.assertEqual(existing.kam_manager_id, self.user_kam)
        self.assertTrue(existing.kam_tier_id)
        self.assertFalse(entry.sudo().lead_id, "no competitor: no opportunity")


@tagged('post_install', '-at_install')
class TestCensusAccess(KamCensusCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entry_xihu = cls._entry("西湖区单位", uscc=CODE_1)
        cls.entry_ningbo = cls._entry("宁波单位", grid=cls.grid_ningbo)

    def test_each_sees_his_grids_and_regions(self):
        Entry = self.env['kam.census.entry']
        self.assertEqual(Entry.with_user(self.user_kam).search([]), self.entry_xihu)
        # the manager of another region's grid sees nothing of this one
        self.assertEqual(Entry.with_user(self.user_kam_other).search([]), self.entry_ningbo)
        with self.assertRaises(AccessError):
            self.entry_xihu.with_user(self.user_kam_other).read(['name'])
        self.assertEqual(self.env['kam.grid'].with_user(self.user_kam_other).search([]),
                         self.grid_ningbo)
        # the head of 杭州市 sees 西湖区's grid, not 宁波's
        self.assertEqual(Entry.with_user(self.head).search([]), self.entry_xihu)
        self.assertEqual(Entry.with_user(self.user_kam_manager).search([]),
                         self.entry_xihu | self.entry_ningbo)
        with self.assertRaises(AccessError):
            self._entry("越权登记", grid=self.grid_ningbo).with_user(self.user_kam).read(['name'])

    def test_portal_and_employees_see_nothing(self):
        for user in (self.portal, self.user_internal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env['kam.census.entry'].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.env['kam.grid'].with_user(user).search([])
        partner = self.env['res.partner'].create({'name': "有码公司", 'is_company': True, 'kam_uscc': CODE_3})
        with self.assertRaises(AccessError):
            partner.with_user(self.user_internal).read(['kam_uscc'])
        self.assertEqual(partner.with_user(self.user_kam).kam_uscc, CODE_3)

    def test_rules_on_own_indexed_columns(self):
        sql = self.env['kam.census.entry'].with_user(self.head)._search([]).select().code
        self.assertIn('"region_id"', sql)
        self.assertNotIn('kam_grid', sql)

    def test_census_list_costs_the_same_for_10_or_40(self):
        Entry = self.env['kam.census.entry']
        many2one = {'fields': {'display_name': {}}}
        list_fields = {name: many2one for name in (
            'grid_id', 'region_id', 'grid_manager_id', 'industry_id', 'tier_id', 'competitor_id',
            'partner_id')}
        list_fields.update({name: {} for name in (
            'name', 'uscc', 'size', 'competitor_contract_end', 'filing_state', 'state')})
        Manager = Entry.with_user(self.user_kam)

        def page():
            Manager.web_search_read([], list_fields, limit=80)  # warm the rule and field caches
            self.env.invalidate_all()
            return self._count_queries(lambda: Manager.web_search_read([], list_fields, limit=80))

        Entry.create([{'name': f"单位{i}", 'grid_id': self.grid.id, 'industry_id':
                       self.industry_retail.id, 'competitor_id': self.competitor.id,
                       'tier_id': self.tier_c.id} for i in range(9)])
        ten = page()
        Entry.create([{'name': f"单位{i}", 'grid_id': self.grid.id, 'industry_id':
                       self.industry_gov.id, 'tier_id': self.tier_b.id,
                       'competitor_id': self.competitor.id} for i in range(10, 40)])
        self.assertEqual(page(), ten)
        self.assertLessEqual(ten, 12)

    @mute_logger('odoo.models.unlink')
    def test_duplicate_filter_for_a_manager(self):
        self._entry("西湖区单位有限公司")
        found = self.env['kam.census.entry'].with_user(self.user_kam).search(
            [('has_duplicates', '=', True)])
        self.assertEqual(len(found), 2)


@tagged('post_install', '-at_install')
class TestCensusTour(HttpCase, KamCensusCommon):

    def test_census_tour(self):
        entry = self._entry("Tour Census Org", uscc=CODE_2, industry_id=self.industry_gov.id,
                            size='small', city="杭州")
        entry.with_user(self.user_kam).action_contact()
        self.start_tour(f"/odoo/action-key_account_management.kam_census_entry_action/{entry.id}",
                        "kam_census_tour", login=self.user_kam.login)
        self.assertEqual(entry.state, 'converted')
        self.assertTrue(entry.partner_id.kam_is_key_account)
        self.assertEqual(entry.partner_id.kam_tier_id, self.tier_a)
