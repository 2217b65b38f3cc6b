from ast import literal_eval
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.base.tests import test_res_partner, test_res_partner_merge
from odoo.addons.mail.tests import test_res_partner as mail_test_res_partner

from ..models.kam_uscc import uscc_check_char
from .common_retention import KamRetentionCommon


def uscc(code17):
    """A valid credit code from its first 17 characters."""
    return code17 + uscc_check_char(code17)


class TestPartnerMerge(KamRetentionCommon):
    """Duplicate organisations merged with Odoo's wizard: everything of the
    merged-away company follows the survivor, the key-account values are
    kept, group paths stay right, the credit code moves, and the rights of
    the user who asks are checked on every account merged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env['base.partner.merge.automatic.wizard']
        # the same organisation under its short name, with its own history
        cls.twin = cls._create_account(
            "华东能源(集团)", kam_tier_id=cls.tier_b.id, kam_uscc=uscc('91330100MA2B00001'),
            kam_handset_count=120, kam_employee_count=0, kam_customer_since=date(2019, 5, 1))
        cls.service = cls.env['kam.billing.service'].search([], limit=1)
        region = cls.env['kam.region'].create({'name': "合并测试市", 'level': 'city'})
        cls.grid = cls.env['kam.grid'].create({
            'name': "合并网格", 'code': 'MRG-T-01', 'region_id': region.id,
            'manager_id': cls.user_kam.id})

    def _merge(self, partners, dst, user=None):
        wizard = self.Wizard.with_user(user).sudo() if user else self.Wizard
        wizard._merge(partners.ids, dst)

    def _fill(self, account):
        """One record of each kind the key-account data has, on ``account``."""
        env = self.env
        buyer = self._create_contact(account, f"{account.name} 采购", kam_buying_role='decision_maker',
                                     kam_attitude='neutral', email="buyer@example.com")
        env['kam.contract'].create({
            'title': "专线合同", 'partner_id': account.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2027, 12, 31), 'amount': 120000})
        self._create_member("周杰", "13600001111", partner=account)
        self._create_request(self.type_repair, partner=account, requester_partner_id=buyer.id)
        env['kam.project'].create({'name': "5G 专网", 'partner_id': account.id,
                                   'user_id': self.user_kam.id})
        env['kam.billing.line'].create({'partner_id': account.id, 'month': date(2026, 9, 1),
                                        'service_id': self.service.id, 'revenue': 800})
        env['kam.health.history'].create({'partner_id': account.id, 'month': date(2026, 8, 1),
                                          'score': 70})
        env['kam.census.entry'].create({'name': account.name, 'grid_id': self.grid.id,
                                        'partner_id': account.id})
        env['kam.account.plan'].create({'partner_id': account.id, 'year': 2025})
        self.Case.create({'partner_id': account.id, 'user_id': self.user_kam.id})
        send = env['kam.sms.send'].create({
            'name': "割接通知", 'account_ids': [Command.link(account.id)], 'body': "{name}您好"})
        env['kam.sms.recipient'].create({'send_id': send.id, 'name': buyer.name,
                                         'partner_id': buyer.id, 'number': "13600002222"})
        account.message_post(body="拜访记录")
        account.activity_schedule('mail.mail_activity_data_todo', summary="回访",
                                  user_id=self.user_kam.id)
        self._visit(account, 30, satisfaction=4)

    def _counts(self, account):
        env, domain = self.env, [('partner_id', '=', account.id)]
        messages = env['mail.message'].search(
            [('model', '=', 'res.partner'), ('res_id', '=', account.id)])
        return {
            'contracts': env['kam.contract'].search_count(domain),
            'members': env['kam.member'].search_count(domain),
            'work orders': env['kam.service.request'].search_count(domain),
            'projects': env['kam.project'].search_count(domain),
            'billing lines': env['kam.billing.line'].search_count(domain),
            'health history': env['kam.health.history'].search_count(domain),
            'tier history': len(messages.filtered(lambda m: "Tier set by hand" in str(m.body))),
            'census entries': env['kam.census.entry'].search_count(domain),
            'account plans': env['kam.account.plan'].search_count(domain),
            'contacts': len(account.child_ids),
            'retention cases': self.Case.search_count(domain),
            'sms lines': env['kam.sms.recipient'].search_count(
                [('account_partner_id', '=', account.id)]),
            'messages': len(messages),
            'activities': env['mail.activity'].search_count(
                [('res_model', '=', 'res.partner'), ('res_id', '=', account.id)]),
            'visits': self.Visit.search_count(domain),
        }

    def test_merge_keeps_everything(self):
        self._fill(self.twin)
        self.twin.kam_tier_id = self.tier_c  # a tier history line
        before_twin, before = self._counts(self.twin), self._counts(self.group_a)
        self.assertTrue(all(before_twin.values()), before_twin)
        self._merge(self.twin | self.group_a, self.group_a, self.user_kam_manager)

        self.assertFalse(self.twin.exists())
        after = self._counts(self.group_a)
        for kind, count in before_twin.items():
            if kind == 'messages':
                # and the merge's note, the values taken over tracked
                self.assertGreater(after[kind], before[kind] + count, kind)
            else:
                self.assertEqual(after[kind], before[kind] + count, kind)
        # the survivor's values stay, its empty ones come from the twin
        account = self.group_a
        self.assertEqual(account.kam_tier_id, self.tier_a)
        self.assertEqual(account.kam_manager_id, self.user_kam)
        self.assertEqual(account.kam_uscc, uscc('91330100MA2B00001'))
        self.assertEqual(account.kam_handset_count, 120)
        self.assertEqual(account.kam_employee_count, 10)
        self.assertEqual(account.kam_customer_since, date(2019, 5, 1))
        # stored computed fields read the moved records
        self.assertEqual(account.kam_last_visit_date, self.Visit.search(
            [('partner_id', '=', account.id), ('state', '=', 'done')], limit=1).date)
        member = self.env['kam.member'].search([('mobile', '=', '13600001111')])
        self.assertEqual(member.group_id, account)
        history = self.env['kam.health.history'].search([('partner_id', '=', account.id)])
        self.assertEqual(history.company_id, account.company_id)

    def test_key_account_values_fill_a_plain_survivor(self):
        """A plain company kept: it becomes the key account, with the
        twin's tier, manager and credit code."""
        plain = self.Partner.create({'name': "华东能源集团", 'is_company': True})
        self._merge(self.twin | plain, plain, self.user_kam_manager)
        self.assertTrue(plain.kam_is_key_account)
        self.assertEqual(plain.kam_tier_id, self.tier_b)
        self.assertEqual(plain.kam_manager_id, self.user_kam)
        self.assertEqual(plain.kam_uscc, uscc('91330100MA2B00001'))
        self.assertEqual(plain.kam_industry_id, self.industry_retail)

    def test_best_account_gives_its_values(self):
        """Of two sources, the key account with the higher tier gives the
        survivor its values."""
        low = self.Partner.create({'name': "华东能源集团股份有限公司", 'is_company': True,
                                   'kam_industry_id': self.industry_gov.id})
        plain = self.Partner.create({'name': "华东能源", 'is_company': True})
        self.Wizard._merge((self.twin | low | plain).ids, plain)
        self.assertEqual(plain.kam_industry_id, self.industry_retail)
        self.assertEqual(plain.kam_tier_id, self.tier_b)

    def test_tier_kept_with_its_lock(self):
        """The survivor's own tier stays with its lock and reason: the
        twin's tier set by hand does not lock it."""
        plain = self.Partner.create({'name': "华东能源", 'is_company': True})
        plain.with_context(kam_classifying=True).write({
            'kam_is_key_account': True, 'kam_tier_id': self.tier_c.id, 'kam_tier_locked': False,
            'kam_tier_reason': "C: 10 handsets"})
        self.assertTrue(self.twin.kam_tier_locked)
        self.Wizard._merge((self.twin | plain).ids, plain)
        self.assertRecordValues(plain, [{'kam_tier_id': self.tier_c.id, 'kam_tier_locked': False,
                                         'kam_tier_reason': "C: 10 handsets"}])
        self.assertFalse(plain.message_ids.filtered(lambda m: "Tier set by hand" in str(m.body)))

    def test_duplicates_menu_groups_by_name(self):
        action = self.env.ref('key_account_management.base_partner_merge_action_kam_duplicates')
        wizard = self.Wizard.with_user(self.user_kam).with_context(
            **literal_eval(action.context)).create({})
        self.assertTrue(wizard.group_by_kam_name_key)
        wizard.action_start_manual_process()
        self.assertIn({self.group_a.id, self.twin.id},
                      [set(literal_eval(line.aggr_ids)) for line in wizard.line_ids])
        self.assertEqual(wizard.state, 'selection')

    def test_clashing_rows_only_are_dropped(self):
        """Health and billing rows of the same month: the survivor's kept,
        the twin's other months moved; the same team member once."""
        History = self.env['kam.health.history']
        for month, score in ((date(2026, 7, 1), 60), (date(2026, 8, 1), 65)):
            History.create({'partner_id': self.twin.id, 'month': month, 'score': score})
        History.create({'partner_id': self.group_a.id, 'month': date(2026, 8, 1), 'score': 90})
        Team = self.env['kam.team.member']
        Team.create({'partner_id': self.twin.id, 'user_id': self.user_kam_other.id})
        Team.create({'partner_id': self.twin.id, 'user_id': self.user_kam_manager.id})
        Team.create({'partner_id': self.group_a.id, 'user_id': self.user_kam_other.id})
        self._merge(self.twin | self.group_a, self.group_a)
        rows = History.search([('partner_id', '=', self.group_a.id)])
        self.assertEqual(sorted(rows.mapped('score')), [60, 90])
        self.assertEqual(self.group_a.kam_team_member_ids.user_id,
                         self.user_kam_other | self.user_kam_manager)

    def test_clash_used_elsewhere_stops_the_merge(self):
        """The twin's member whose mobile the survivor's group already has
        is named on a work order: it cannot be dropped, so the merge stops
        with nothing changed."""
        mine = self._create_member("周杰", "13600001111", partner=self.twin)
        self._create_member("周杰", "13600001111")
        contact = self._create_contact(self.twin, "联系人")
        self._create_request(self.type_member, partner=self.twin, requester_partner_id=contact.id,
                             lines=[{'operation': 'member_remove', 'member_id': mine.id}])
        with self.assertRaisesText(UserError, "The merge stops"):
            self._merge(self.twin | self.group_a, self.group_a)
        self.assertTrue(self.twin.exists())
        self.assertEqual(mine.partner_id, self.twin)

    def test_group_paths_after_merge(self):
        """A duplicate top company with subsidiaries merged into a company
        of another group: its subsidiaries move under the survivor, their
        paths and group recomputed down the tree."""
        top = self._create_account("东方控股集团")
        hq = self.Partner.create({'name': "东方能源有限公司", 'is_company': True, 'parent_id': top.id})
        old_hq = self.Partner.create({'name': "东方能源", 'is_company': True})
        sub = self.Partner.create({'name': "东方能源宁波有限公司", 'is_company': True,
                                   'parent_id': old_hq.id, 'kam_handset_count': 40})
        subsub = self.Partner.create({'name': "东方能源宁波北仑有限公司", 'is_company': True,
                                      'parent_id': sub.id, 'kam_handset_count': 2})
        contact = self._create_contact(sub, "宁波联系人")
        self._merge(old_hq | hq, hq, self.user_kam)
        self.assertEqual(sub.parent_id, hq)
        self.assertEqual(sub.kam_group_path, f"{top.id}/{hq.id}/{sub.id}/")
        self.assertEqual(subsub.kam_group_path, f"{top.id}/{hq.id}/{sub.id}/{subsub.id}/")
        self.assertEqual((sub | subsub | contact).kam_group_id, top)
        self.assertEqual(subsub.kam_group_depth, 3)
        self.assertEqual(hq.kam_subsidiary_count, 2)
        self.assertEqual(top.kam_group_handset_count, 42)
        self.assertEqual(self.Partner.search(
            [('kam_group_path', '=like', f'{old_hq.id}/%')]), self.Partner)

    def test_credit_code_does_not_block_merge(self):
        """The credit code of the merged-away company moves to the survivor;
        an archived duplicate with the same code as the survivor merges too."""
        code = uscc('91330100MA2B00002')
        archived = self.Partner.create({'name': "华东能源集团公司", 'is_company': True,
                                        'kam_uscc': code, 'active': False})
        self.group_a.kam_uscc = code
        self._merge(archived | self.group_a, self.group_a, self.user_kam)
        self.assertFalse(archived.exists())
        self.assertEqual(self.group_a.kam_uscc, code)
        # both holding a code: the survivor keeps its own, the twin's is free again
        self._merge(self.twin | self.group_a, self.group_a, self.user_kam_manager)
        self.assertEqual(self.group_a.kam_uscc, code)
        other = self.Partner.create({'name': "Other", 'is_company': True,
                                     'kam_uscc': uscc('91330100MA2B00001')})
        self.assertTrue(other.kam_uscc)

    def test_external_reference_moves(self):
        self.twin.kam_external_ref = "CRM-0042"
        plain = self.Partner.create({'name': "华东能源", 'is_company': True})
        self._merge(self.twin | plain, plain, self.user_kam_manager)
        self.assertEqual(plain.kam_external_ref, "CRM-0042")

    def test_outsider_is_refused_nothing_changed(self):
        """Manager Two may not change the twin (Manager One's): merging it
        into his account, or his account into it, is refused; nothing moved."""
        self.env['kam.contract'].create({
            'title': "专线合同", 'partner_id': self.twin.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2027, 12, 31), 'amount': 1000})
        before = self._counts(self.twin)
        for dst in (self.group_b, self.twin):
            with self.assertRaisesText(AccessError, "merge"):
                self._merge(self.twin | self.group_b, dst, self.user_kam_other)
        self.assertTrue(self.twin.exists())
        self.assertEqual(self._counts(self.twin), before)
        self.assertEqual(self.twin.kam_uscc, uscc('91330100MA2B00001'))

    def test_account_manager_merges_plain_duplicates_only(self):
        """The account manager merges a plain duplicate into his account,
        not one key account into another (nothing changed)."""
        plain = self.Partner.create({'name': "华东能源集团公司", 'is_company': True})
        self._merge(plain | self.group_a, self.group_a, self.user_kam)
        self.assertFalse(plain.exists())
        contract = self.env['kam.contract'].create({
            'title': "专线合同", 'partner_id': self.twin.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2027, 12, 31), 'amount': 1000})
        with self.assertRaisesText(UserError, "Only a Key Accounts Manager"):
            self._merge(self.twin | self.group_a, self.group_a, self.user_kam)
        self.assertEqual(contract.partner_id, self.twin)
        self.assertEqual(self.twin.kam_uscc, uscc('91330100MA2B00001'))

    def test_refusal_does_not_name_an_unreadable_account(self):
        """A key account of another company is named as "this account"."""
        company_2 = self.env['res.company'].create({'name': "杭州分公司"})
        hidden = self._create_account("保密客户", company_id=company_2.id, kam_manager_id=False)
        plain = self.Partner.create({'name': "保密客户", 'is_company': True})
        with self.assertRaises(AccessError) as catcher:
            self._merge(hidden | plain, plain, self.user_kam)
        self.assertNotIn("保密客户", str(catcher.exception))

    def test_subsidiary_key_account_moved_needs_its_rights(self):
        """The sources' subsidiaries that are key accounts of others change
        group: the user must be allowed to change them too."""
        holder = self.Partner.create({'name': "西湖控股", 'is_company': True})
        self.group_b.sudo().parent_id = holder
        plain = self.Partner.create({'name': "西湖控股集团", 'is_company': True})
        with self.assertRaisesText(AccessError, "merge"):
            self._merge(holder | plain, plain, self.user_kam)
        self.assertEqual(self.group_b.parent_id, holder)

    def test_merge_action_from_the_duplicates(self):
        """The company's Merge Duplicates opens Odoo's wizard on it and its
        twin (same normalised name), the key account with the higher tier
        proposed as survivor; the census entry's likewise."""
        action = self.group_a.with_user(self.user_kam).action_kam_merge_duplicates()
        self.assertEqual(action['res_model'], 'base.partner.merge.automatic.wizard')
        context = action['context']
        self.assertEqual(set(context['active_ids']), {self.group_a.id, self.twin.id})
        wizard = self.Wizard.with_user(self.user_kam).with_context(**context).create({})
        self.assertEqual(wizard.partner_ids, self.group_a | self.twin)
        self.assertEqual(wizard.dst_partner_id, self.group_a)
        # merging a key account away is a Key Accounts Manager's act
        with self.assertRaisesText(UserError, "Only a Key Accounts Manager"):
            wizard.action_merge()
        self.assertTrue(self.twin.exists())
        wizard = self.Wizard.with_user(self.user_kam_manager).with_context(**context).create({})
        wizard.action_merge()
        self.assertFalse(self.twin.exists())
        self.assertEqual(self.group_a.kam_uscc, uscc('91330100MA2B00001'))

        entry = self.env['kam.census.entry'].create({
            'name': "西湖物流有限公司", 'grid_id': self.grid.id})
        with self.assertRaisesText(UserError, "Merging needs two companies"):
            entry.action_merge_duplicates()
        twin_b = self.Partner.create({'name': "西湖物流", 'is_company': True})
        action = entry.action_merge_duplicates()
        self.assertEqual(set(action['context']['active_ids']), {self.group_b.id, twin_b.id})
        with self.assertRaisesText(UserError, "nothing to merge"):
            self.sub_a.action_kam_merge_duplicates()

    def test_wizard_proposes_the_key_account(self):
        """The key account (the higher tier) is proposed as the company
        kept; between equals, Odoo's choice."""
        plain = self.Partner.create({'name': "华东能源", 'is_company': True})
        context = {'active_model': 'res.partner', 'active_ids': (self.twin | plain).ids}
        self.assertEqual(self.Wizard.with_context(**context).create({}).dst_partner_id, self.twin)
        self.twin.with_context(kam_classifying=True).kam_tier_id = self.tier_a
        for partners in (self.twin | self.group_a, self.group_a | self.twin):
            context['active_ids'] = partners.ids
            self.assertEqual(
                self.Wizard.with_context(**context).create({}).dst_partner_id,
                self.Wizard._get_ordered_partner(partners.ids)[-1])

    def test_duplicates_finder_by_code_and_name(self):
        """Odoo's deduplication groups companies by credit code or normalised
        name; companies without one are no group."""
        self.Partner.create({'name': "No Code One", 'is_company': True})
        self.Partner.create({'name': "No Code Two", 'is_company': True})
        wizard = self.Wizard.create({'group_by_kam_name_key': True, 'maximum_group': 0})
        wizard.action_start_manual_process()
        groups = [set(literal_eval(line.aggr_ids)) for line in wizard.line_ids]
        self.assertIn({self.group_a.id, self.twin.id}, groups)
        wizard = self.Wizard.create({'group_by_kam_uscc': True, 'maximum_group': 0})
        wizard.action_start_manual_process()
        self.assertFalse(wizard.line_ids)


@tagged('post_install', '-at_install')
class TestOdooMergePartner(test_res_partner_merge.TestMergePartner):
    """Odoo's own merge tests, with the addon installed."""
    allow_inherited_tests_method = True


@tagged('post_install', '-at_install')
class TestOdooPartnerMergeWizard(test_res_partner.TestPartner):
    """Odoo's test of the merge wizard's destination, with the addon installed."""
    test_partner_merge_wizard_dst_partner_id = \
        test_res_partner.TestPartner.test_partner_merge_wizard_dst_partner_id


@tagged('post_install', '-at_install')
class TestOdooMailPartnerMerge(mail_test_res_partner.TestPartner):
    """Odoo's merge of partners with their chatter, with the addon installed."""
    test_partner_merge_wizards = mail_test_res_partner.TestPartner.test_partner_merge_wizards
