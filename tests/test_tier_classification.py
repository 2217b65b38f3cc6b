from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KamCommon, KamCronCrash


@tagged('post_install', '-at_install')
class TestTierClassification(KamCommon):

    def _classify(self, **vals):
        account = self._create_account("Account %s" % vals, **vals)
        account._kam_classify_tiers()
        return account

    def test_handset_thresholds_of_seed(self):
        """499/500 separate B from A, 99/100 C from B, 9/10 D from C."""
        cases = [(500, self.tier_a), (499, self.tier_b), (100, self.tier_b),
                 (99, self.tier_c), (10, self.tier_c), (9, self.tier_d), (0, self.tier_d)]
        for handsets, tier in cases:
            with self.subTest(handsets=handsets):
                account = self._classify(kam_handset_count=handsets)
                self.assertEqual(account.kam_tier_id, tier)
                self.assertTrue(account.kam_tier_reason.startswith(tier.code + ":"),
                                account.kam_tier_reason)
        account = self._classify(kam_handset_count=230)
        self.assertEqual(account.kam_tier_reason, "B: 230 handsets ≥ 100")

    def test_tier_and_industry_count_their_accounts(self):
        before = self.tier_b.account_count
        account = self._classify(kam_handset_count=150, kam_industry_id=self.industry_energy.id)
        self.tier_b.invalidate_recordset(['account_count'])
        self.assertEqual(self.tier_b.account_count, before + 1)
        for record in (self.tier_b, self.industry_energy):
            action = record.action_view_accounts()
            self.assertIn(account, self.env['res.partner'].search(action['domain']))

    def test_revenue_qualifies(self):
        account = self._classify(kam_handset_count=20, kam_monthly_revenue=120000)
        self.assertEqual(account.kam_tier_id, self.tier_a)
        self.assertIn("monthly revenue", account.kam_tier_reason)

    def test_strategic_industry_qualifies_for_a(self):
        account = self._classify(kam_handset_count=12, kam_industry_id=self.industry_gov.id)
        self.assertEqual(account.kam_tier_id, self.tier_a)
        self.assertIn(self.industry_gov.name, account.kam_tier_reason)
        account = self._classify(kam_handset_count=12, kam_industry_id=self.industry_energy.id)
        self.assertEqual(account.kam_tier_id, self.tier_c, "energy is not strategic by default")

    def test_lock_is_respected_by_the_cron(self):
        account = self._classify(kam_handset_count=600)
        self.assertEqual(account.kam_tier_id, self.tier_a)
        with Form(account) as form:
            form.kam_tier_id = self.tier_c
        self.assertTrue(account.kam_tier_locked, "a tier set by hand locks it")
        self.assertEqual(account.kam_tier_reason, "Set by hand")
        self.env['res.partner']._cron_kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_c)
        account.kam_tier_locked = False
        account._kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_a)

    def test_classify_button_on_locked_account(self):
        account = self._create_account("Locked", kam_handset_count=5, kam_tier_id=self.tier_b.id,
                                       kam_tier_locked=True)
        with self.assertRaises(UserError):
            account.action_kam_classify()
        self.assertEqual(account.kam_tier_id, self.tier_b)

    def test_change_is_logged_in_chatter(self):
        account = self._create_account("Chatter", kam_handset_count=150)
        account._kam_classify_tiers()
        message = account.message_ids[0]
        self.assertIn("Tier changed from none to", message.body)
        self.assertIn("B: 150 handsets", message.body)
        account.kam_handset_count = 800
        account._kam_classify_tiers()
        self.assertIn("A: 800 handsets", account.message_ids[0].body)
        account._kam_classify_tiers()
        changes = account.message_ids.filtered(lambda m: "Tier changed" in m.body)
        self.assertEqual(len(changes), 2, "one line per change, none when nothing changed")

    def test_cron_is_chunked_and_resumable(self):
        accounts = self.env['res.partner'].browse()
        for i in range(5):
            accounts |= self._create_account(f"Chunk {i}", kam_handset_count=100 + i)
        Partner = self.env['res.partner']
        pending = Partner._kam_classify_pending_domain()
        already = Partner.search(pending) - accounts
        already._kam_classify_tiers()
        with self._cron_commits(crash_at=1) as calls:
            try:
                Partner._cron_kam_classify_tiers(batch_size=2)
            except KamCronCrash:
                pass  # the worker died right after committing the first chunk
        self.assertEqual(calls, [(2, 3)])
        self.assertEqual(len(Partner.search(pending)), 3, "the crash left three accounts to do")
        with self._cron_commits() as calls:
            Partner._cron_kam_classify_tiers(batch_size=2)
        self.assertEqual(calls, [(2, 1), (1, 0)], "the rerun picks up only what was left")
        self.assertEqual(set(accounts.mapped('kam_tier_id')), {self.tier_b})
        self.assertFalse(Partner.search(pending))
        accounts.kam_handset_count = 1000
        with self._cron_commits() as calls:
            Partner._cron_kam_classify_tiers(batch_size=2)
        self.assertEqual(calls, [])
        self.assertEqual(set(accounts.mapped('kam_tier_id')), {self.tier_b},
                         "classified today already: a rerun does nothing")

    def test_cron_query_count_does_not_grow_with_chunk(self):
        Partner = self.env['res.partner']
        small = Partner.browse([self._create_account(f"Q{i}", kam_handset_count=150).id
                                for i in range(2)])
        big = Partner.browse([self._create_account(f"R{i}", kam_handset_count=150).id
                              for i in range(20)])

        def classify(accounts):
            def run():
                accounts._kam_classify_tiers()
                self.env.flush_all()
            self.env.invalidate_all()
            return self._count_queries(run)

        self.assertEqual(classify(small), classify(big),
                         "classifying 20 accounts costs the queries of 2")
        # and once more when nothing changes
        small.kam_tier_date = big.kam_tier_date = False
        self.assertEqual(classify(small), classify(big))

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    @mute_logger('odoo.sql_db')
    def test_negative_values_refused(self):
        for field in ('kam_handset_count', 'kam_monthly_revenue', 'kam_employee_count'):
            with self.subTest(field=field), self.assertRaises(Exception), self.cr.savepoint():
                self._create_account("Negative", **{field: -1})
        self.assertFalse(self.env['res.partner'].search([('name', '=', "Negative")]))

    def test_overlapping_tier_thresholds_refused(self):
        with self.assertRaisesText(ValidationError, "does not ask for more"):
            self.tier_b.min_handset_count = 600
        with self.assertRaisesText(ValidationError, "does not ask for more"):
            self.tier_c.write({'min_handset_count': 100, 'min_monthly_revenue': 30000})
        with self.assertRaises(ValidationError):
            self.tier_a.required_completeness = 120
        self.env.invalidate_all()
        self.assertEqual(self.tier_b.min_handset_count, 100)
        self.assertEqual(self.tier_c.min_handset_count, 10)
