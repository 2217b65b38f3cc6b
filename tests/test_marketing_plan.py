from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common_growth import KamGrowthCommon


class KamMarketingCommon(KamGrowthCommon):

    @classmethod
    def _plan(cls, **vals):
        return cls.env['kam.marketing.plan'].create(dict({
            'name': "5G Q4 promotion", 'date_start': cls.today - timedelta(days=5),
            'date_end': cls.today + timedelta(days=60), 'budget': 10000,
            'target_revenue': 500000, 'target_opportunity_count': 3,
            'offer': "First year at 80 %",
        }, **vals))


class TestMarketingPlan(KamMarketingCommon):

    def test_targeting_by_filters(self):
        def targets(**filters):
            plan = self._plan(**filters)
            plan.action_select_accounts()
            return set(plan.account_ids)

        self.assertEqual(targets(tier_ids=[Command.set(self.tier_a.ids)]),
                         {self.group_a, self.sub_a})
        self.assertEqual(targets(tier_ids=[Command.set(self.tier_a.ids)],
                                 industry_ids=[Command.set(self.industry_energy.ids)]),
                         {self.group_a})
        self.assertEqual(targets(region_state_ids=[Command.set(self.zhejiang.ids)]), {self.group_a})
        self.assertEqual(targets(cities="宁波"), {self.group_b})
        self.assertEqual(targets(cities="杭州， 宁波", tier_ids=[Command.set(self.tier_b.ids)]),
                         {self.group_b})
        self.assertNotIn(self.sub_plain, targets(), "only key accounts are targeted")

    def test_launch_takes_a_snapshot_that_can_be_adjusted(self):
        plan = self._plan(tier_ids=[Command.set(self.tier_a.ids)])
        plan.action_launch()
        self.assertEqual(plan.state, 'running')
        self.assertEqual(set(plan.account_ids), {self.group_a, self.sub_a})
        plan.account_ids = [Command.unlink(self.sub_a.id), Command.link(self.group_b.id)]
        self.group_b.kam_tier_id = self.tier_a
        self.assertEqual(set(plan.account_ids), {self.group_a, self.group_b},
                         "the snapshot does not follow the accounts' tiers")
        self.assertEqual(plan.account_count, 2)
        plan.action_done()
        self.assertEqual(plan.state, 'done')

    def test_bad_input_changes_nothing(self):
        with self.assertRaises(ValidationError):
            self._plan(date_end=self.today - timedelta(days=10))
        for field in ('budget', 'target_revenue', 'target_opportunity_count'):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self._plan(**{field: -1})
        plan = self._plan(cities="Atlantis")
        with self.assertRaises(UserError):
            plan.action_launch()
        self.assertEqual((plan.state, plan.account_ids.ids), ('draft', []))
        with self.assertRaises(UserError):
            plan.with_user(self.user_kam_manager).write({'state': 'running'})
        with self.assertRaises(UserError):
            plan.action_done()

    def test_results_attributed_to_the_plan(self):
        plan = self._plan(account_ids=[Command.set((self.group_a | self.group_b).ids)])
        plan.action_launch()
        self._lead(self.group_a, expected_revenue=1000, kam_marketing_plan_id=plan.id)
        won = self._lead(self.sub_a, expected_revenue=5000, kam_marketing_plan_id=plan.id)
        won.action_set_won()
        lost = self._lead(self.group_b, expected_revenue=700, kam_marketing_plan_id=plan.id)
        lost.action_set_lost()
        self._lead(self.group_b, expected_revenue=99999)  # not the campaign's
        Contract = self.env['kam.contract']
        signed = Contract.create({
            'title': "5G private network", 'partner_id': self.group_a.id,
            'date_start': self.today, 'date_end': self.today + timedelta(days=365),
            'amount': 20000, 'kam_marketing_plan_id': plan.id})
        signed.action_confirm()
        Contract.create({'title': "Draft", 'partner_id': self.group_b.id, 'date_start': self.today,
                         'date_end': self.today + timedelta(days=365), 'amount': 50000,
                         'kam_marketing_plan_id': plan.id})
        plan = plan.with_user(self.user_kam)
        self.assertEqual(plan.opportunity_count, 3, "won and lost opportunities count too")
        self.assertEqual((plan.pipeline_amount, plan.won_amount), (1000, 5000))
        self.assertEqual((plan.contract_count, plan.contract_value), (1, 20000),
                         "drafts are not results")
        self.assertAlmostEqual(plan.roi, 100.0)

    def test_results_cost_constant_queries(self):
        plans = self.env['kam.marketing.plan']
        for index in range(3):
            plan = self._plan(name=f"Plan {index}", account_ids=[Command.set(self.group_a.ids)])
            self._lead(self.group_a, expected_revenue=100, kam_marketing_plan_id=plan.id)
            plans |= plan

        def read(records):
            self.env.invalidate_all()
            records.with_user(self.user_kam).read(['opportunity_count', 'won_amount', 'roi'])

        read(plans[:1])
        one = self._count_queries(lambda: read(plans[:1]))
        self.assertEqual(self._count_queries(lambda: read(plans)), one)

    def test_create_opportunities_once_per_targeted_account(self):
        plan = self._plan(account_ids=[Command.set((self.group_a | self.sub_a | self.group_b).ids)])
        plan.action_launch()
        contact = self._create_contact(self.group_a, "CIO")
        self._lead(contact, kam_marketing_plan_id=plan.id)
        plan = plan.with_user(self.user_kam_manager)
        plan.action_create_opportunities()
        leads = self.env['crm.lead'].search([('kam_marketing_plan_id', '=', plan.id)])
        self.assertEqual(len(leads), 3, "the group already had one through its contact")
        by_partner = {lead.partner_id: lead for lead in leads}
        self.assertEqual(by_partner[self.group_b].user_id, self.user_kam_other,
                         "each account's manager sells it")
        self.assertEqual(by_partner[self.sub_a].type, 'opportunity')
        by_partner[self.group_b].action_set_lost()
        plan.action_create_opportunities()
        self.assertEqual(self.env['crm.lead'].with_context(active_test=False).search_count(
            [('kam_marketing_plan_id', '=', plan.id)]), 3, "never a second one")

    def test_users_read_managers_change(self):
        plan = self._plan()
        as_user = plan.with_user(self.user_kam)
        self.assertEqual(as_user.name, "5G Q4 promotion")
        with self.assertRaises(AccessError):
            as_user.write({'budget': 1})
        with self.assertRaises(AccessError):
            self.env['kam.marketing.plan'].with_user(self.user_kam).create(
                {'name': "Mine", 'date_end': self.today})
        with self.assertRaises(AccessError):
            as_user.action_launch()
        manager_plan = self.env['kam.marketing.plan'].with_user(self.user_kam_manager).create(
            {'name': "Head's campaign", 'date_end': self.today,
             'account_ids': [Command.set(self.group_a.ids)]})
        manager_plan.action_launch()
        manager_plan.action_cancel()
        manager_plan.action_reset_draft()
        self.assertEqual(manager_plan.state, 'draft')
        # multi-company: another branch's campaigns stay out of sight
        other = self.env['res.company'].create({'name': "Other Branch"})
        self._plan(name="Other branch's", company_id=other.id, currency_id=other.currency_id.id)
        names = self.env['kam.marketing.plan'].with_user(self.user_kam_manager).search([]).mapped('name')
        self.assertNotIn("Other branch's", names)

    def test_portal_promotions_query_count(self):
        portal = self._create_portal_user(self.sub_a, 'kam_promo_portal')
        plan = self._plan(account_ids=[Command.set(self.group_a.ids)], portal_published=True)
        plan.action_launch()
        Plan = self.env['kam.marketing.plan']
        self.assertEqual(Plan._kam_portal_promotions(portal), plan)
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            Plan._kam_portal_promotions(portal)


@tagged('post_install', '-at_install')
class TestMarketingPortal(HttpCase, KamMarketingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = cls._create_portal_user(cls.sub_plain, 'kam_promo_a')
        cls.portal_b = cls._create_portal_user(cls.group_b, 'kam_promo_b')
        cls.plan = cls._plan(account_ids=[Command.set(cls.group_a.ids)], portal_published=True,
                             portal_text="Unique 5G promotion text")
        cls.plan.action_launch()

    def _dismiss(self, plan):
        return self.url_open(f'/my/promotions/{plan.id}/dismiss',
                             data={'csrf_token': Request.csrf_token(self)})

    def test_only_targeted_customers_see_it_and_dismiss_it(self):
        self.authenticate('kam_promo_b', 'kam_promo_b')
        self.assertNotIn("Unique 5G promotion text", self.url_open('/my').text)
        response = self._dismiss(self.plan)
        self.assertEqual(response.status_code, 404, "another customer's campaign")
        self.assertFalse(self.plan.portal_dismissed_user_ids)

        self.authenticate('kam_promo_a', 'kam_promo_a')
        self.assertIn("Unique 5G promotion text", self.url_open('/my').text,
                      "a company of the targeted account's group")
        response = self._dismiss(self.plan)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.plan.portal_dismissed_user_ids, self.portal_a)
        self.assertNotIn("Unique 5G promotion text", self.url_open('/my').text)

    def test_dismiss_needs_a_csrf_token_and_a_running_plan(self):
        self.authenticate('kam_promo_a', 'kam_promo_a')
        response = self.url_open(f'/my/promotions/{self.plan.id}/dismiss', data={})
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.plan.portal_dismissed_user_ids)
        self.plan.portal_published = False
        self.assertNotIn("Unique 5G promotion text", self.url_open('/my').text)
        self.assertEqual(self._dismiss(self.plan).status_code, 404)
