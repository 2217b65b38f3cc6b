from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestTierGroup(KamCommon):
    """Seed 004 grades the group customer on its group's totals; the key
    accounts below it take its tier; a tier a person gives sticks; a new
    key account is graded at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hq = cls._create_account("Grading Group HQ", kam_handset_count=50)
        cls.sub_1 = cls._create_account("Grading Power Co", parent_id=cls.hq.id,
                                        kam_handset_count=300)
        cls.sub_2 = cls._create_account("Grading Gas Co", parent_id=cls.hq.id,
                                        kam_handset_count=300)
        cls.group = cls.hq | cls.sub_1 | cls.sub_2

    def _classify_tonight(self):
        self.group.write({'kam_tier_date': False})
        with self._cron_commits():
            self.env['res.partner']._cron_kam_classify_tiers()

    def test_group_graded_on_its_totals(self):
        self._classify_tonight()
        self.assertEqual(self.hq.kam_tier_id, self.tier_a, "650 handsets in the group")
        self.assertEqual(self.hq.kam_tier_reason, "A: 650 handsets in the group ≥ 500")
        for sub in (self.sub_1, self.sub_2):
            self.assertEqual(sub.kam_tier_id, self.tier_a, "300 handsets alone grade B")
            self.assertEqual(sub.kam_tier_reason,
                             "A: the tier of its group customer Grading Group HQ "
                             "(A: 650 handsets in the group ≥ 500)")
        # the group's revenue counts in the same way
        self.group.write({'kam_handset_count': 5, 'kam_monthly_revenue': 40000})
        self._classify_tonight()
        self.assertEqual(self.hq.kam_tier_id, self.tier_a)
        self.assertIn("group monthly revenue", self.hq.kam_tier_reason)

    def test_group_takes_the_hqs_industry_and_top_500_flag(self):
        self.group.write({'kam_handset_count': 2})
        self.sub_1.kam_industry_id = self.industry_gov  # a subsidiary's does not count
        self._classify_tonight()
        self.assertEqual(self.group.kam_tier_id, self.tier_d)
        self.hq.kam_industry_id = self.industry_gov
        self._classify_tonight()
        self.assertEqual(self.group.kam_tier_id, self.tier_a)
        self.hq.write({'kam_industry_id': self.industry_retail.id, 'kam_top_taxpayer': True})
        self._classify_tonight()
        self.assertEqual(self.group.kam_tier_id, self.tier_a)
        self.assertEqual(self.sub_2.kam_tier_reason,
                         "A: the tier of its group customer Grading Group HQ "
                         "(A: one of the province's top-500 taxpayers)")

    def test_locked_subsidiary_keeps_its_tier_and_a_locked_group_leads(self):
        self.sub_1.write({'kam_tier_id': self.tier_c.id})
        self._classify_tonight()
        self.assertEqual(self.sub_1.kam_tier_id, self.tier_c, "locked by hand")
        self.assertEqual(self.sub_2.kam_tier_id, self.tier_a)
        self.hq.write({'kam_tier_id': self.tier_b.id})
        self._classify_tonight()
        self.assertEqual(self.sub_2.kam_tier_id, self.tier_b)
        self.assertEqual(self.sub_2.kam_tier_reason,
                         "B: the tier of its group customer Grading Group HQ (set by hand)")

    def test_tier_given_at_creation_or_import_is_locked(self):
        account = self._create_account("Given Tier", kam_handset_count=900,
                                       kam_tier_id=self.tier_c.id)
        self.assertTrue(account.kam_tier_locked)
        self.assertEqual(account.kam_tier_reason, "Set by hand")
        self._classify_tonight()
        account.write({'kam_tier_date': False})
        with self._cron_commits():
            self.env['res.partner']._cron_kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_c, "the nightly run leaves it")
        result = self.env['res.partner'].load(
            ['name', 'is_company', 'kam_is_key_account', 'kam_manager_id/.id',
             'kam_handset_count', 'kam_tier_id/id'],
            [["Imported Tier", '1', '1', str(self.user_kam.id), '900',
              'key_account_management.kam_tier_c']])
        self.assertFalse(result['messages'], result['messages'])
        imported = self.env['res.partner'].browse(result['ids'])
        self.assertEqual(imported.kam_tier_id, self.tier_c)
        self.assertTrue(imported.kam_tier_locked)

    def test_new_account_graded_at_creation(self):
        with freeze_time('2026-11-20'):
            account = self._create_account("Brand New", kam_handset_count=150)
            self.assertEqual(account.kam_tier_id, self.tier_b, "graded when created")
            self.assertEqual(account.kam_tier_reason, "B: 150 handsets ≥ 100")
            self.assertEqual(account.kam_tier_date, fields.Date.to_date('2026-11-20'))
            # a subsidiary made today takes the group's tier, and lifts the group
            sub = self._create_account("Brand New Branch", parent_id=account.id,
                                       kam_handset_count=400)
            self.assertEqual(account.kam_tier_id, self.tier_a, "550 handsets in the group")
            self.assertEqual(sub.kam_tier_id, self.tier_a)
            # the day's work order carries the tier, the health score its factors
            request = self.env['kam.service.request'].create({
                'type_id': self.env['kam.service.request.type'].search([], limit=1).id,
                'partner_id': account.id, 'contact_phone': "13805710001",
                'description': "Install a line at the branch office"})
            self.assertEqual(request.tier_id, self.tier_a)
            account._kam_compute_health()
            self.assertIn('no_visit', account.kam_health_factor_ids.rule_id.mapped('code'))
            # a partner made a key account later is graded then
            partner = self.env['res.partner'].create({'name': "Later Key Account",
                                                      'is_company': True,
                                                      'kam_handset_count': 20})
            self.assertFalse(partner.kam_tier_id)
            partner.write({'kam_is_key_account': True, 'kam_manager_id': self.user_kam.id})
            self.assertEqual(partner.kam_tier_id, self.tier_c)

    def test_help_says_what_the_rules_do(self):
        Partner = self.env['res.partner']
        for fname in ('kam_industry_id', 'kam_is_strategic'):
            help_text = Partner._fields[fname].help
            self.assertNotIn("puts the account in tier A", help_text)
            self.assertNotIn("is classified in tier A", help_text)
            self.assertIn("at least", help_text)
        self.assertIn("securities and insurance B", Partner._fields['kam_industry_id'].help)
        insurer = self._create_account(
            "Insurer", kam_handset_count=3,
            kam_industry_id=self.env.ref('key_account_management.kam_industry_insurance').id)
        self.assertEqual(insurer.kam_tier_id, self.tier_b)
        self.assertTrue(insurer.kam_is_strategic)

