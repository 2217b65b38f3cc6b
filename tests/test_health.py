from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_retention import KamRetentionCommon


@tagged('post_install', '-at_install')
class TestHealthScore(KamRetentionCommon):
    """Each factor on crafted data, the score and band, the monthly curve."""

    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(self.TODAY))
        # a recent good visit on every account: "no visit" stays out of the way
        for account in (self.group_a, self.sub_a, self.group_b):
            self._visit(account, 5, satisfaction=5)

    def test_healthy_account_scores_100(self):
        self.group_b._kam_compute_health()
        self.assertEqual(self.group_b.kam_health_score, 100)
        self.assertEqual(self.group_b.kam_health_band, 'healthy')
        self.assertFalse(self.group_b.kam_health_factor_ids)
        self.assertEqual(self.group_b.kam_health_date, self.TODAY)

    def test_contract_expiring_without_renewal(self):
        contract = self.env['kam.contract'].create({
            'title': "移动办公", 'partner_id': self.group_a.id, 'date_start': self.TODAY - timedelta(days=300),
            'date_end': self.TODAY + timedelta(days=45), 'amount': 60000})
        contract.action_confirm()
        self.group_a._kam_compute_health()
        factor = self._factors(self.group_a)['contract_expiring']
        self.assertEqual(factor.points, 20)
        self.assertEqual(factor.value, 45)
        self.assertIn(f"Contract {contract.name} ends in 45 days without renewal", factor.name)
        self.assertEqual(self.group_a.kam_health_score, 80)
        self.assertEqual(self.group_a.kam_health_band, 'healthy')
        # a renewal drafted: the factor goes
        self.env['kam.contract'].create({
            'title': "移动办公 续签", 'partner_id': self.group_a.id,
            'previous_contract_id': contract.id, 'date_start': contract.date_end + timedelta(days=1),
            'date_end': contract.date_end + timedelta(days=366), 'amount': 60000})
        self.group_a._kam_compute_health()
        self.assertNotIn('contract_expiring', self._factors(self.group_a))
        self.assertEqual(self.group_a.kam_health_score, 100)

    def test_sla_breaches_and_fault_reports_of_the_group(self):
        """Work orders of the subsidiary count on the HQ (and on itself):
        one breach takes half the weight, the threshold (2) all of it."""
        for _ in range(3):
            request = self._create_request(self.type_fault, partner=self.sub_a)
            request.sudo().write({'state': 'submitted', 'date_submitted': fields.Datetime.now()})
        request.sudo().write({'sla_accept_breached': True})
        (self.group_a | self.sub_a)._kam_compute_health()
        for account in (self.group_a, self.sub_a):
            factors = self._factors(account)
            self.assertEqual(factors['sla_breach'].points, 7.5)
            self.assertIn("1 work orders past SLA in 30 days", factors['sla_breach'].name)
            self.assertEqual(factors['complaints'].points, 10)
            self.assertEqual(factors['complaints'].value, 3)
        # 100 - 17.5, rounded half to even
        self.assertEqual(self.group_a.kam_health_score, 82)

    def test_satisfaction_of_the_last_three_visits(self):
        for days, score in ((40, 5), (30, 3), (20, 2), (10, 3)):
            self._visit(self.group_b, days, satisfaction=score)
        # last three rated: 5 (5 days ago, setUp), 3, 2 -> 3.3 < 3.5: half the weight
        self.assertAlmostEqual(self.group_b.kam_satisfaction, 10 / 3, places=1)
        self.group_b._kam_compute_health()
        factor = self._factors(self.group_b)['satisfaction']
        self.assertEqual(factor.points, 7.5)
        self.assertIn("Satisfaction 3.3 / 5 on the last 3 visits", factor.name)
        for days, score in ((3, 1), (1, 1), (0, 2)):
            self._visit(self.group_b, days, satisfaction=score)
        self.group_b._kam_compute_health()
        # 2, 1, 1 -> 1.3: a point or more below the threshold: full weight
        self.assertEqual(self._factors(self.group_b)['satisfaction'].points, 15)

    def test_no_visit_within_the_tier_frequency(self):
        account = self._create_account("无回访公司", kam_tier_id=self.tier_a.id)
        account._kam_compute_health()
        factor = self._factors(account)['no_visit']
        self.assertEqual(factor.points, 10)
        self.assertIn("Never visited; tier A expects a visit every 30 days", factor.name)
        self._visit(account, 45)
        account._kam_compute_health()
        factor = self._factors(account)['no_visit']
        self.assertEqual((factor.points, factor.value), (5, 45))
        self.assertIn("No visit for 45 days, tier A expects 30", factor.name)
        self._visit(account, 10)
        account._kam_compute_health()
        self.assertNotIn('no_visit', self._factors(account))

    def test_competitor_offer_by_threat_and_validity(self):
        self._offer(self.group_b, threat='medium')
        self.group_b._kam_compute_health()
        factor = self._factors(self.group_b)['competitor_offer']
        self.assertEqual(factor.points, 9)
        self.assertIn("Competitor offer logged: 华东移动通信 (medium threat)", factor.name)
        self._offer(self.group_b, threat='high', days_ago=400)  # outside the window
        self._offer(self.group_b, threat='high', valid_until=self.TODAY - timedelta(days=1))
        self.group_b._kam_compute_health()
        self.assertEqual(self._factors(self.group_b)['competitor_offer'].points, 9)

    def test_trends_from_the_monthly_history(self):
        """Revenue, handsets, members and tier compared with the row of the
        month the window started in."""
        with freeze_time(self.TODAY - timedelta(days=90)):
            self.group_a._kam_compute_health(self.TODAY - timedelta(days=90))
        month = (self.TODAY - timedelta(days=90)).replace(day=1)
        row = self.group_a.kam_health_history_ids.filtered(lambda r: r.month == month)
        self.assertEqual((row.monthly_revenue, row.member_count, row.tier_id), (50000, 3, self.tier_a))
        self.group_a.write({'kam_monthly_revenue': 42000, 'kam_tier_id': self.tier_b.id})
        self.member_a1.sudo().write({'state': 'removed'})
        self.group_a._kam_compute_health()
        factors = self._factors(self.group_a)
        self.assertIn("Monthly revenue down 16 % in 90 days", factors['revenue_decline'].name)
        self.assertEqual(factors['revenue_decline'].points, 7.5)
        self.assertIn("Members down 33 % in 90 days (3 → 2)", factors['member_decline'].name)
        self.assertEqual(factors['member_decline'].points, 10)
        self.assertIn("Tier dropped from A to B", factors['tier_drop'].name)
        # 100 - 27.5, rounded half to even
        self.assertEqual(self.group_a.kam_health_score, 72)
        # one row per month: a rerun the same month updates it
        self.group_a._kam_compute_health()
        this_month = self.group_a.kam_health_history_ids.filtered(
            lambda r: r.month == self.TODAY.replace(day=1))
        self.assertEqual(len(this_month), 1)
        self.assertEqual(this_month.score, self.group_a.kam_health_score)
        self.assertEqual(len(self.group_a.kam_health_history_ids), 2)

    def test_late_project(self):
        self.env['kam.project'].create({
            'name': "5G专网建设", 'partner_id': self.group_b.id, 'user_id': self.user_kam_other.id,
            'stage': 'in_progress', 'date_start': self.TODAY - timedelta(days=90),
            'date_end': self.TODAY - timedelta(days=3)})
        self.group_b._kam_compute_health()
        self.assertEqual(self._factors(self.group_b)['project_late'].points, 10)
        self.assertEqual(self.group_b.kam_health_score, 90)

    def test_bands_follow_the_settings(self):
        self._offer(self.group_b, threat='high')
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.health_watch_below', 90)
        self.group_b._kam_compute_health()
        self.assertEqual((self.group_b.kam_health_score, self.group_b.kam_health_band), (85, 'watch'))

    def test_health_fields_are_confidential(self):
        self.group_b._kam_compute_health()
        with self.assertRaises(AccessError):
            self.group_b.with_user(self.user_internal).read(['kam_health_score'])
        with self.assertRaises(AccessError):
            self.group_b.with_user(self.portal_b).read(['kam_health_band'])
        self.assertEqual(self.group_b.with_user(self.user_kam).kam_health_score, 100)

    def test_measure_button_checks_the_account(self):
        with self.assertRaises(AccessError):
            self.group_b.with_user(self.user_kam).action_kam_compute_health()
        self.assertIs(self.group_b.with_user(self.user_kam_other).action_kam_compute_health(), True)
        self.assertEqual(self.group_b.kam_health_score, 100)


@tagged('post_install', '-at_install')
class TestHealthSettings(KamRetentionCommon):

    def test_weights_must_keep_the_warning_reachable(self):
        rules = self.env['kam.health.rule'].search([])
        with self.assertRaisesText(ValidationError, "the early warning could never fire"):
            rules.write({'weight': 2})
        self.assertEqual(self.rule['contract_expiring'].weight, 20)
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            self.rule['contract_expiring'].weight = 120
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.rule['sla_breach'].window_days = -1

    def test_thresholds_in_order(self):
        Settings = self.env['res.config.settings']
        with self.assertRaisesText(ValidationError, "0 < at risk below < watch below"):
            Settings.create({'kam_health_watch_below': 40, 'kam_health_risk_below': 60})
        with self.assertRaisesText(ValidationError, "could never fire"):
            self.env['kam.health.rule'].search([]).filtered(
                lambda r: r.code != 'contract_expiring').write({'active': False})
        settings = Settings.create({'kam_health_watch_below': 80, 'kam_health_risk_below': 60})
        settings.execute()
        self.assertEqual(self.env['ir.config_parameter'].sudo().get_param(
            'key_account_management.health_risk_below'), '60')
