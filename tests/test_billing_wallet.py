from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_growth import KamGrowthCommon
from .test_migration import migration


@tagged('post_install', '-at_install')
class TestBillingWallet(KamGrowthCommon):
    """Our wallet share: the company's estimated spend per service against
    what the billing system billed it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref('key_account_management.kam_billing_service_ict').product_id = cls.p_cloud
        cls.sub_plain.kam_external_ref = 'CUST-PLAIN'
        cls.group_a.kam_external_ref = 'CUST-GA'
        cls.this_month = fields.Date.context_today(cls.env.user).replace(day=1)
        cls.Estimate = cls.env['kam.wallet.estimate']

    def _bill(self, ref, backs, revenue=800):
        return self.env['kam.billing.line'].kam_billing_upsert([{
            'customer_ref': ref, 'service_code': 'ICT', 'revenue': revenue,
            'month': (self.this_month - relativedelta(months=back)).strftime('%Y-%m')}
            for back in backs])

    def _estimate(self, partner, spend, user=None, product=None):
        return self.Estimate.with_user(user or self.user_kam).create({
            'partner_id': partner.id, 'product_id': (product or self.p_cloud).id,
            'annual_spend': spend, 'source': "客户年度预算"})

    def test_wallet_share_annualised_and_in_the_matrix(self):
        # three months billed (and one older than a year): annualised, 800 × 12
        self._bill('CUST-PLAIN', [1, 2, 3, 14])
        estimate = self._estimate(self.sub_plain, 19200)
        self.assertEqual(estimate.kam_account_id, self.sub_a, "served by the account above it")
        self.assertEqual(estimate.our_revenue, 9600)
        self.assertAlmostEqual(estimate.wallet_share, 50.0)
        # a whole year billed: the twelve months as they are
        self._bill('CUST-PLAIN', range(1, 13), revenue=400)
        estimate.invalidate_recordset()
        self.assertEqual(estimate.our_revenue, 4800)
        self.assertAlmostEqual(estimate.wallet_share, 25.0)
        # not billed: a share of zero
        estimate_top = self._estimate(self.group_a, 5000)
        self.assertEqual(estimate_top.wallet_share, 0)

        matrix = self.env['kam.whitespace.cell'].with_user(self.user_kam).get_matrix(
            self.group_a.id)
        cell = matrix['cells'][f"{self.sub_plain.id}-{self.p_cloud.id}"]
        self.assertEqual(cell['state'], 'held')
        self.assertEqual(cell['share'], 25)
        self.assertIn("Wallet share", cell['share_title'])
        self.assertEqual(matrix['cells'][f"{self.group_a.id}-{self.p_cloud.id}"]['share'], 0)
        self.assertIsNone(matrix['cells'][f"{self.sub_plain.id}-{self.p_line.id}"]['share'],
                          "no estimate: no share")

    def test_tracked_and_kept_to_whoever_works_on_the_account(self):
        estimate = self._estimate(self.group_a, 10000)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking is written at commit
        estimate.with_user(self.user_kam).annual_spend = 12000
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertIn(12000, estimate.sudo().message_ids.tracking_value_ids.mapped(
            'new_value_float'))
        # the account's form lists it
        self.assertIn(estimate, self.group_a.with_user(self.user_kam).kam_wallet_estimate_ids)
        # another manager neither reads nor writes it, nor adds one to the account
        other = self.Estimate.with_user(self.user_kam_other)
        self.assertFalse(other.search([('id', '=', estimate.id)]))
        with self.assertRaises(AccessError):
            estimate.with_user(self.user_kam_other).read(['annual_spend'])
        with self.assertRaises(AccessError):
            estimate.with_user(self.user_kam_other).annual_spend = 1
        with self.assertRaises(AccessError):
            self._estimate(self.sub_a, 10000, user=self.user_kam_other)
        # his own account: yes; the department head reads both
        own = self._estimate(self.group_b, 3000, user=self.user_kam_other)
        self.assertEqual(self.Estimate.with_user(self.user_kam_manager).search(
            [('id', 'in', (estimate | own).ids)]), estimate | own)
        # the matrix shows him no share of an estimate he may not read
        matrix = self.env['kam.whitespace.cell'].with_user(self.user_kam_other).get_matrix(
            self.group_a.id)
        self.assertFalse([cell for cell in matrix['cells'].values() if cell['share'] is not None])

    def test_bad_input_writes_nothing(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), \
                self.env.cr.savepoint():
            self._estimate(self.group_a, -100)
        with self.assertRaisesRegex(ValidationError, "catalogue"), self.env.cr.savepoint():
            self._estimate(self.group_a, 100, product=self.p_other)
        self.env.invalidate_all()
        self.assertFalse(self.Estimate.search([('partner_id', '=', self.group_a.id)]))
        estimate = self._estimate(self.group_a, 100)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            estimate.with_user(self.user_kam).annual_spend = -1
            estimate.flush_recordset()
        estimate.invalidate_recordset()
        self.assertEqual(estimate.annual_spend, 100)


@tagged('post_install', '-at_install')
class TestBillingMigration(KamGrowthCommon):
    """The upgrade to 19.0.1.5.0 flags the shipped voice line."""

    def test_voice_line_counts_as_voice(self):
        voice = self.env.ref('key_account_management.kam_billing_service_voice')
        data = self.env.ref('key_account_management.kam_billing_service_data')
        (voice | data).write({'is_voice': False})
        self.env.flush_all()
        migration('19.0.1.5.0', 'post-billing').migrate(self.env.cr, '19.0.1.4.0')
        (voice | data).invalidate_recordset(['is_voice'])
        self.assertEqual((voice.is_voice, data.is_voice), (True, False))
