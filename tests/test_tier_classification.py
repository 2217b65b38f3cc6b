from psycopg2.errors import CheckViolation

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestTierClassification(KamCommon):

    def _made_before_today(self, accounts):
        """Accounts made before today and never classified (a new account
        is classified when it is made)."""
        accounts.message_ids.filtered(lambda m: "Tier changed" in (m.body or '')).unlink()
        accounts.with_context(kam_classifying=True).write({
            'kam_tier_id': False, 'kam_tier_reason': False, 'kam_tier_date': False})

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
        self.assertIn("Tier set by hand to C", account.message_ids[0].body,
                      "a hand-set tier says so in the chatter")
        # not classified today: only the lock keeps the cron away
        account.kam_tier_date = False
        with self._cron_commits():
            self.env['res.partner']._cron_kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_c)
        self.assertEqual(account.kam_tier_reason, "Set by hand")
        account._kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_c, "classifying directly respects it too")

    def test_unlocking_reclassifies_the_same_day(self):
        account = self._classify(kam_handset_count=600)
        account.kam_tier_id = self.tier_c
        self.assertEqual(account.kam_tier_date, fields.Date.context_today(account),
                         "it was classified today already")
        account.kam_tier_locked = False
        self.assertNotEqual(account.kam_tier_reason, "Set by hand")
        with self._cron_commits():
            self.env['res.partner']._cron_kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_a)
        self.assertEqual(account.kam_tier_reason, "A: 600 handsets ≥ 500")

    def test_rules_of_seed_004(self):
        """Key industries are A, securities and insurance B, a top-500
        taxpayer A; each reason names its rule."""
        for xmlid, tier in (('kam_industry_telecom', self.tier_a), ('kam_industry_railways', self.tier_a),
                            ('kam_industry_water', self.tier_a), ('kam_industry_fin', self.tier_a),
                            ('kam_industry_securities', self.tier_b),
                            ('kam_industry_insurance', self.tier_b)):
            industry = self.env.ref(f'key_account_management.{xmlid}')
            with self.subTest(industry=industry.name):
                self.assertEqual(industry.min_tier_id, tier)
                account = self._classify(kam_handset_count=3, kam_industry_id=industry.id)
                self.assertEqual(account.kam_tier_id, tier)
                self.assertEqual(account.kam_tier_reason,
                                 f"{tier.code}: industry {industry.name} is graded {tier.code} at least")
        insurer = self._classify(kam_handset_count=700,
                                 kam_industry_id=self.env.ref('key_account_management.kam_industry_insurance').id)
        self.assertEqual(insurer.kam_tier_id, self.tier_a, "size still lifts above the minimum")
        taxpayer = self._classify(kam_handset_count=3, kam_top_taxpayer=True)
        self.assertEqual(taxpayer.kam_tier_id, self.tier_a)
        self.assertEqual(taxpayer.kam_tier_reason, "A: one of the province's top-500 taxpayers")
        self.assertTrue(self.industry_gov.is_strategic)
        self.assertFalse(self.industry_energy.is_strategic)

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
        self._made_before_today(accounts)
        Partner = self.env['res.partner']
        pending = Partner._kam_classify_pending_domain()
        already = Partner.search(pending) - accounts
        already._kam_classify_tiers()
        with self._cron_commits(crash_at=1) as calls:
            # the worker died right after committing the first chunk
            with self._expect_crash():
                Partner._cron_kam_classify_tiers(batch_size=2)
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
        """A chunk of 500 costs the queries of a chunk of 50, with tier
        changes and without any change."""
        Partner = self.env['res.partner']
        managers = self.user_kam | self.user_kam_other

        def accounts(count, prefix):
            created = Partner.create([{
                'name': f"{prefix}{i}", 'is_company': True, 'kam_is_key_account': True,
                'kam_manager_id': managers[i % 2].id, 'kam_handset_count': 150 + i % 400,
                'kam_industry_id': self.industry_retail.id,
            } for i in range(count)])
            # accounts have contacts: a tier written on an account must not
            # walk its partner tree (Odoo's address and commercial sync)
            Partner.create([{'name': f"{prefix}{i} contact", 'parent_id': account.id}
                            for i, account in enumerate(created)])
            return created

        small, big = accounts(50, "Q"), accounts(500, "R")
        self._made_before_today(small | big)

        def classify(records):
            def run():
                records._kam_classify_tiers()
                self.env.flush_all()
            self.env.invalidate_all()
            return self._count_queries(run)

        # Odoo writes and inserts rows by batches of 100: that is all that grows
        batches = 4 * (len(big) - len(small)) // 100

        first = classify(small), classify(big)
        self.assertLessEqual(first[1], first[0] + batches,
                             "classifying 500 new accounts costs the queries of 50")
        self.assertLess(first[1], 50)
        self.assertEqual(set(big.mapped('kam_tier_id')), {self.tier_b, self.tier_a})
        # once more when nothing changes: the classification date only
        again = classify(small), classify(big)
        self.assertEqual(again[0], again[1])
        # the rank rules' cutoffs and the billed averages: one query each
        self.assertLess(again[1], 17)
        # and with new counts: the reasons change, some tiers too
        (small | big).kam_handset_count = 20
        self.env.flush_all()
        changed = classify(small), classify(big)
        self.assertLessEqual(changed[1], changed[0] + batches)
        self.assertEqual(set(big.mapped('kam_tier_id')), {self.tier_c})
        self.assertEqual(big[0].kam_tier_reason, "C: 20 handsets ≥ 10")

    def test_cron_crash_before_a_commit_redoes_that_chunk(self):
        accounts = self.env['res.partner'].browse(
            [self._create_account(f"Crash {i}", kam_handset_count=100 + i).id for i in range(5)])
        self._made_before_today(accounts)
        Partner = self.env['res.partner']
        pending = Partner._kam_classify_pending_domain()
        (Partner.search(pending) - accounts)._kam_classify_tiers()
        with self._cron_commits(crash_before=2) as calls:
            # the worker died while committing the second chunk
            with self._expect_crash():
                Partner._cron_kam_classify_tiers(batch_size=2)
        self.assertEqual(calls, [(2, 3)], "the worker died before committing the second chunk")
        self.assertEqual(len(Partner.search(pending)), 3, "the second chunk's work was lost")
        with self._cron_commits() as calls:
            Partner._cron_kam_classify_tiers(batch_size=2)
        self.assertEqual(calls, [(2, 1), (1, 0)])
        self.assertEqual(set(accounts.mapped('kam_tier_id')), {self.tier_b})
        changes = accounts.message_ids.filtered(lambda m: "Tier changed" in (m.body or ''))
        self.assertEqual(len(changes), 5, "each change logged once")

    def test_revenue_threshold_in_the_company_currency(self):
        """Tier thresholds follow the company's currency; an account's revenue
        is converted to it."""
        (self.env.ref('base.CNY') | self.env.ref('base.USD')).active = True
        company = self.env['res.company'].create({
            'name': "CNY Branch", 'currency_id': self.env.ref('base.CNY').id})
        usd = self.env.ref('base.USD')
        self.env['res.currency.rate'].create({
            'currency_id': usd.id, 'company_id': company.id, 'rate': 1 / 7.0,
            'name': fields.Date.context_today(self.env.user)})
        tiers = self.env['kam.tier'].with_company(company)
        self.assertEqual(tiers.browse(self.tier_a.id).currency_id, company.currency_id)
        partner = self._create_account("USD spender", kam_handset_count=20,
                                       kam_monthly_revenue=20000).with_company(company)
        partner.invalidate_recordset(['kam_currency_id'])
        self.assertEqual(partner.kam_currency_id, company.currency_id,
                         "a partner shared by the companies shows the current company's currency")
        account = self._create_account("USD company account", kam_handset_count=20,
                                       kam_monthly_revenue=20000)
        usd_company = self.env['res.company'].create({'name': "USD Branch", 'currency_id': usd.id})
        account.company_id = usd_company
        account = account.with_company(company)
        self.assertEqual(account.kam_currency_id, usd)
        self.assertAlmostEqual(account._kam_company_revenue(), 140000, places=0)
        account._kam_classify_tiers()
        self.assertEqual(account.kam_tier_id, self.tier_a, "20,000 USD is above 100,000 CNY")
        self.assertIn("monthly revenue", account.kam_tier_reason)
        self.assertIn("¥", account.kam_tier_reason)

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    @mute_logger('odoo.sql_db')
    def test_negative_values_refused(self):
        for field, message in (('kam_handset_count', "Handsets cannot be negative."),
                               ('kam_monthly_revenue', "Monthly revenue cannot be negative."),
                               ('kam_employee_count', "Employees cannot be negative.")):
            with self.subTest(field=field), self.assertRaisesConstraint(CheckViolation, 'res.partner', message):
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
