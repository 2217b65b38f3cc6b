from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common_retention import KamRetentionCommon


@tagged('post_install', '-at_install')
class TestHealthRulesPerCompany(KamRetentionCommon):
    """A health factor with a company scores that company's accounts only;
    users see the factors of their companies and the shared ones; the
    weights must keep the early warning reachable in every company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env['res.company'].create({'name': "Second Branch Company"})
        cls.admin_2 = new_test_user(
            cls.env, login='kam_health_admin_2', name="Admin of the first company only",
            groups='key_account_management.group_kam_admin', company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)])

    def test_scoring_uses_the_companys_rules_and_the_shared_ones(self):
        self.rule['no_visit'].company_id = self.company_2
        here = self._create_account("Never Visited Here", kam_tier_id=self.tier_b.id)
        there = self._create_account("Never Visited There", kam_tier_id=self.tier_b.id,
                                     company_id=self.company_2.id)
        with freeze_time(self.TODAY):
            (here | there)._kam_compute_health()
        self.assertNotIn('no_visit', self._factors(here), "a rule of another company")
        self.assertIn('no_visit', self._factors(there))
        self.assertEqual(there.kam_health_score, 90)
        self.assertEqual(here.kam_health_score, 100)
        # shared again: both
        self.rule['no_visit'].company_id = False
        with freeze_time(self.TODAY):
            (here | there)._kam_compute_health()
        self.assertIn('no_visit', self._factors(here))

    def test_users_see_their_companies_rules(self):
        self.rule['tier_drop'].company_id = self.company_2
        Rule = self.env['kam.health.rule'].with_user(self.admin_2)
        codes = Rule.search([]).mapped('code')
        self.assertNotIn('tier_drop', codes)
        self.assertIn('no_visit', codes, "shared factors are everyone's")
        self.assertFalse(Rule.search([('id', '=', self.rule['tier_drop'].id)]))

    def test_weights_add_up_per_company(self):
        # the billing factors' 25 points aside: the figures below are the others'
        self.env['kam.health.rule'].search([('code', 'in', ('billing_decline', 'arrears'))]).write(
            {'active': False})
        # 130 points in all; moving 80 of them to the second company leaves
        # the first one 50: no account there could fall below 50
        moved = self.env['kam.health.rule'].search([('code', 'in', (
            'contract_expiring', 'sla_breach', 'satisfaction', 'competitor_offer',
            'revenue_decline'))])
        self.assertEqual(sum(moved.mapped('weight')), 80)
        with self.assertRaisesText(ValidationError, "the early warning could never fire"):
            moved.write({'company_id': self.company_2.id})
        self.assertFalse(moved.company_id)
        # 65 moved: 65 left, enough
        (moved - self.rule['revenue_decline']).write({'company_id': self.company_2.id})
        totals = self.env['kam.health.rule']._kam_company_totals()
        self.assertEqual(totals[self.company], 65)
        self.assertEqual(totals[self.company_2], 130)
        # the first company's 65 less 15 is 50: too few there, whatever the second has
        with self.assertRaisesText(ValidationError, f"an account of {self.company.name} loses"):
            self.rule['revenue_decline'].active = False
        self.assertTrue(self.rule['revenue_decline'].active)
        self.rule['project_late'].active = False  # 55: enough

    def test_rule_without_a_measure_is_refused(self):
        Rule = self.env['kam.health.rule'].with_user(self.user_kam_admin)
        with self.assertRaisesText(ValidationError, "no health measure implements"):
            Rule.create({'name': "Weather", 'code': 'weather', 'weight': 5})
        self.assertFalse(self.env['kam.health.rule'].search([('code', '=', 'weather')]))
        rule = self.rule['no_visit']
        with self.assertRaisesText(ValidationError, "no health measure implements"):
            rule.write({'code': 'no_visits'})
        self.assertEqual(rule.code, 'no_visit')
