from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import HOST
from odoo.tools import config

from .common_account_plan import KamAccountPlanCommon

REPORT = 'key_account_management.action_report_kam_account_plan'
DOSSIER = 'key_account_management.action_report_kam_account_dossier'


@tagged('post_install', '-at_install')
class TestAccountPlan(KamAccountPlanCommon):
    """One plan per account and period, its approval, its actions turned
    into activities once, its actuals from the period only, and who sees
    and changes plans."""

    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(self.TODAY))

    # ------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------

    def test_period_dates(self):
        plan = self._plan()
        self.assertEqual((plan.date_start, plan.date_end), (date(2026, 1, 1), date(2026, 12, 31)))
        self.assertEqual(plan.user_id, self.user_kam, "the account manager owns it by default")
        self.assertEqual(plan.industry_id, self.industry_energy)
        self.assertIn("2026", plan.name)
        half = self._plan(self.account_b, year=2027, period_type='half', half='2',
                          action_ids=[Command.create({'name': "Visit", 'date_due': date(2027, 8, 1)})])
        self.assertEqual((half.date_start, half.date_end), (date(2027, 7, 1), date(2027, 12, 31)))
        with self.assertRaisesText(ValidationError, "half-year"):
            self._plan(self.account_b, year=2028, period_type='half', action_ids=[])

    def test_one_plan_per_account_and_period(self):
        self._plan()
        count = self.Plan.search_count([])
        with self.assertRaisesText(ValidationError, "overlapping"):
            self._plan()
        with self.assertRaisesText(ValidationError, "overlapping"):
            self._plan(period_type='half', half='1', action_ids=[])
        self.assertEqual(self.Plan.search_count([]), count, "nothing written")
        # another period, another account: fine
        self._plan(year=2027)
        self._plan(self.account_b)
        first = self._plan(year=2028, period_type='half', half='1', action_ids=[])
        self._plan(year=2028, period_type='half', half='2', action_ids=[])
        # moving a draft onto a taken period is refused too
        with self.assertRaisesText(ValidationError, "overlapping"):
            first.half = '2'
        # an archived plan leaves its period free
        self.Plan.search([('partner_id', '=', self.account_a.id), ('year', '=', 2027)]).active = False
        self._plan(year=2027)

    # ------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------

    def test_user_submits_manager_approves(self):
        plan = self._plan(user=self.user_kam)
        plan.action_submit()
        self.assertEqual(plan.state, 'review')
        with self.assertRaisesText(UserError, "Only a Key Accounts manager"):
            plan.with_user(self.user_kam).action_approve()
        with self.assertRaisesText(UserError, "Only a Key Accounts manager"):
            plan.with_user(self.user_kam).action_send_back()
        self.assertEqual(plan.state, 'review')
        with self.assertRaises(UserError):
            plan.with_user(self.user_kam).write({'state': 'approved'})
        plan.with_user(self.user_kam_manager).action_approve()
        self.assertEqual((plan.state, plan.approved_by_id, plan.date_approved),
                         ('approved', self.user_kam_manager, self.TODAY))
        # the period is fixed once submitted
        with self.assertRaisesText(UserError, "only while it is a draft"):
            plan.with_user(self.user_kam).year = 2027
        plan.with_user(self.user_kam).action_close()
        self.assertEqual(plan.state, 'closed')

    def test_own_plan_needs_manager_rights(self):
        """Owning a plan gives no right to approve it; a manager approves
        his own plan as any other."""
        plan = self._plan(user=self.user_kam)
        plan.action_submit()
        self.assertEqual(plan.user_id, self.user_kam)
        with self.assertRaises(UserError):
            plan.with_user(self.user_kam).action_approve()
        own = self._plan(self.account_b, user_id=self.user_kam_manager.id)
        own.action_submit()
        own.with_user(self.user_kam_manager).action_approve()
        self.assertEqual(own.state, 'approved')

    def test_submit_needs_needs_and_actions(self):
        plan = self._plan(need_ids=[])
        with self.assertRaisesText(UserError, "at least one need"):
            plan.action_submit()
        self.assertEqual(plan.state, 'draft')

    def test_stakeholders_snapshot_at_approval(self):
        plan = self._plan()
        self.assertFalse(plan.stakeholder_ids)
        plan.action_submit()
        plan.with_user(self.user_kam_manager).action_approve()
        snapshot = {(s.name, s.function, s.role, s.attitude, s.influence) for s in plan.stakeholder_ids}
        self.assertEqual(snapshot, {("陈建国", "总经理", 'decision_maker', 'neutral', 5),
                                    ("刘洋", "信息中心主任", 'influencer', 'champion', 4)})
        # later changes of the decision map leave the approved plan as it was
        self.gm.write({'kam_attitude': 'opponent', 'kam_influence': 1})
        gm_line = plan.stakeholder_ids.filtered(lambda s: s.contact_id == self.gm)
        self.assertEqual((gm_line.attitude, gm_line.influence), ('neutral', 5))

    def test_actions_become_activities_once(self):
        plan = self._plan()
        plan.action_submit()
        plan.with_user(self.user_kam_manager).action_approve()
        activities = plan.activity_ids
        self.assertEqual(len(activities), 2, "one per open action, none for the done one")
        self.assertEqual(set(activities.mapped('user_id')), {self.user_kam, self.user_kam_other})
        self.assertEqual(activities.filtered(lambda a: a.user_id == self.user_kam).date_deadline,
                         date(2026, 12, 15))
        todo = plan.action_ids.filtered(lambda a: a.status == 'todo')
        self.assertEqual(todo.activity_id, activities)
        # done activities disappear; approving again (closed, reopened) or
        # scheduling again gives nobody a second one
        activities[0].action_done()
        plan.with_user(self.user_kam).action_close()
        plan.with_user(self.user_kam_manager).action_reopen()
        plan._kam_schedule_actions()
        self.assertEqual(len(plan.activity_ids), 1)
        self.assertEqual(self.env['mail.activity'].search_count(
            [('res_model', '=', plan._name), ('res_id', '=', plan.id)]), 1)

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_action_due_outside_period_refused(self):
        plan = self._plan()
        lines = plan.action_ids
        with self.assertRaisesText(ValidationError, "within its period"):
            plan.write({'action_ids': [Command.create({'name': "Too late",
                                                       'date_due': date(2027, 1, 5)})]})
        self.assertEqual(plan.action_ids, lines, "nothing written")
        with self.assertRaisesText(ValidationError, "within its period"):
            lines[0].date_due = date(2025, 12, 31)
        # shrinking the period below a due action is refused as well
        with self.assertRaisesText(ValidationError, "within its period"):
            plan.write({'period_type': 'half', 'half': '1'})
        self.assertEqual(plan.date_end, date(2026, 12, 31))

    def test_negative_targets_refused(self):
        plan = self._plan()
        for field in ('target_revenue', 'target_handsets', 'cost'):
            with self.assertRaisesText(ValidationError, "cannot be negative"):
                plan.with_user(self.user_kam).write({field: -1})
        self.assertEqual((plan.target_revenue, plan.target_handsets, plan.cost),
                         (3600000, 300, 480000), "nothing written")
        self.assertEqual(plan.expected_margin, 3600000 - 480000)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            plan.solution_ids.monthly_revenue = -5
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            plan.competitor_ids.share = 120

    def test_not_for_ordinary_companies(self):
        with self.assertRaisesText(ValidationError, "key accounts"):
            self._plan(self.sub_a)

    # ------------------------------------------------------------
    # Competitors, actuals, opportunities
    # ------------------------------------------------------------

    def test_competitors_prefilled_from_valid_offers(self):
        plan = self._plan()
        self.assertEqual(plan.competitor_ids.competitor_id, self.competitor,
                         "the expired offer's competitor is left out")
        self.assertEqual(plan.competitor_ids.threat_level, 'high')
        plan.action_prefill_competitors()
        self.assertEqual(len(plan.competitor_ids), 1, "no duplicate")
        self.assertFalse(self._plan(self.account_b).competitor_ids)

    def _contract(self, partner, signed, amount):
        contract = self.env['kam.contract'].create({
            'title': "专线", 'partner_id': partner.id, 'signing_date': signed,
            'date_start': signed, 'date_end': date(2029, 12, 31), 'amount': amount})
        contract.action_confirm()
        return contract

    def _lead(self, amount, won_on=None, deadline=None, partner=None):
        lead = self.env['crm.lead'].create({
            'name': "商机", 'type': 'opportunity', 'partner_id': (partner or self.account_a).id,
            'expected_revenue': amount, 'date_deadline': deadline})
        if won_on:
            with freeze_time(won_on):
                lead.action_set_won()
            self.assertEqual(lead.date_closed.date(), won_on)
        return lead

    def test_actuals_from_the_period_only(self):
        plan = self._plan()
        self._contract(self.account_a, date(2026, 3, 1), 100000)
        self._contract(self.account_a, date(2025, 12, 31), 7000)  # before the period
        self._contract(self.account_b, date(2026, 5, 1), 9000)    # another account
        self.env['kam.contract'].create({                         # a draft: not signed
            'title': "草稿", 'partner_id': self.account_a.id, 'date_start': date(2026, 5, 1),
            'date_end': date(2027, 5, 1), 'amount': 3000})
        self._lead(50000, won_on=date(2026, 6, 10))
        self._lead(20000, won_on=date(2026, 9, 1), partner=self.sub_a)  # served by the account
        self._lead(4000, won_on=date(2025, 12, 20))              # won before the period
        self._lead(30000, deadline=date(2026, 12, 20))           # pipeline of the period
        self._lead(8000, deadline=date(2027, 2, 1))              # pipeline of next year
        lost = self._lead(6000, deadline=date(2026, 12, 1))
        lost.action_set_lost()
        plan.invalidate_recordset()
        self.assertEqual(plan.actual_contract_value, 100000)
        self.assertEqual(plan.actual_won_revenue, 70000)
        self.assertEqual(plan.actual_revenue, 170000)
        self.assertEqual(plan.pipeline_revenue, 30000)
        self.assertEqual(plan.achievement, round(100.0 * 170000 / 3600000, 1))
        # a plan of 2025 gets what 2025 brought
        old = self._plan(year=2025)
        self.assertEqual((old.actual_contract_value, old.actual_won_revenue), (7000, 4000))

    def test_opportunities_attributed_to_the_plan(self):
        plan = self._plan()
        lead = self._lead(1000, deadline=date(2026, 12, 1))
        lead.kam_account_plan_id = plan
        self.assertEqual(plan.opportunity_ids, lead)
        self.assertEqual(plan.opportunity_count, 1)
        action = plan.action_view_opportunities()
        self.assertEqual(self.env['crm.lead'].search(action['domain']), lead)
        self.assertEqual(self.account_a.with_user(self.user_kam).kam_account_plan_count, 1)
        self.assertEqual(self.account_a.with_user(self.user_kam).kam_current_plan_id, plan)
        self.assertEqual(self.account_a.action_kam_view_account_plans()['domain'],
                         [('partner_id', '=', self.account_a.id)])

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_users_see_plans_of_their_accounts_only(self):
        plan = self._plan(user=self.user_kam)
        other = self.user_kam_other
        with self.assertRaises(AccessError):
            plan.with_user(other).read(['name'])
        with self.assertRaises(AccessError):
            plan.with_user(other).write({'swot_threats': "x"})
        with self.assertRaises(AccessError):
            plan.need_ids.with_user(other).read(['name'])
        with self.assertRaises(AccessError):
            self._plan(self.account_a, year=2030, user=other)
        self.assertFalse(self.Plan.with_user(other).search([('id', '=', plan.id)]))
        self.assertEqual(self.account_a.with_user(other).kam_account_plan_count, 0)
        self.assertFalse(self.account_a.with_user(other).kam_current_plan_id)
        # a team member of the account works on it; a manager on every plan
        self.env['kam.team.member'].create({'partner_id': self.account_a.id, 'user_id': other.id,
                                            'role': 'solution_engineer'})
        plan.with_user(other).write({'swot_threats': "价格战"})
        self.assertEqual(plan.with_user(self.user_kam_manager).swot_threats, "价格战")
        plan.with_user(self.user_kam_manager).write({'cost': 1})
        with self.assertRaises(AccessError):
            plan.with_user(self.user_internal).read(['name'])

    def test_plans_of_another_company_stay_there(self):
        company_2 = self.env['res.company'].create({'name': "Second Operator"})
        plan = self._plan(company_id=company_2.id)
        self.assertEqual(plan.need_ids.company_id, company_2)
        manager = self.user_kam_manager
        self.assertNotIn(company_2, manager.company_ids)
        with self.assertRaises(AccessError):
            plan.with_user(manager).read(['name'])
        with self.assertRaises(AccessError):
            plan.need_ids.with_user(manager).read(['name'])
        manager.write({'company_ids': [Command.link(company_2.id)]})
        self.assertEqual(plan.with_user(manager).with_context(
            allowed_company_ids=[company_2.id]).name, plan.name)

    def test_plan_list_queries_do_not_grow(self):
        def list_plans(user):
            self.Plan.with_user(user).search_read(
                [], ['name', 'partner_id', 'user_id', 'date_start', 'date_end', 'target_revenue',
                     'expected_margin', 'state', 'activity_ids', 'currency_id'])
        for year in range(2030, 2033):
            self._plan(year=year).action_submit()
        self.env.invalidate_all()
        list_plans(self.user_kam)
        few = self._count_queries(lambda: (self.env.invalidate_all(), list_plans(self.user_kam)))
        for year in range(2033, 2042):
            self._plan(year=year).action_submit()
        self.env.invalidate_all()
        many = self._count_queries(lambda: (self.env.invalidate_all(), list_plans(self.user_kam)))
        self.assertEqual(few, many, f"3 plans: {few} queries, 12: {many}")

    # ------------------------------------------------------------
    # PDF
    # ------------------------------------------------------------

    def test_pdf_shows_the_plan(self):
        plan = self._plan()
        plan.action_submit()
        plan.with_user(self.user_kam_manager).action_approve()
        Report = self.env['ir.actions.report'].with_user(self.user_kam)
        html = Report._render_qweb_html(REPORT, plan.ids)[0].decode()
        for text in (plan.name, self.account_a.name, "变电站5G专网", "拜访信息中心主任", "集团专线 100M",
                     "华东移动通信", "专线网络覆盖最广", "对手5G专网报价低30%", "陈建国", "3,600,000",
                     "3,120,000", "Decision Maker", "Approved",
                     "1. Industry Analysis", "6. Financial Impact"):
            self.assertIn(text, html)
        # the dossier of the account prints its approved plan of today
        dossier = Report._render_qweb_html(DOSSIER, self.account_a.ids)[0].decode()
        self.assertIn("变电站5G专网", dossier)
        self.assertIn("6. Financial Impact", dossier)
        # the PDF itself, fonts and all
        self.env['ir.config_parameter'].sudo().set_param(
            'report.url', f"http://{HOST}:{config['http_port']}")
        with self.allow_pdf_render():
            pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                REPORT, plan.ids)[0]
        self.assertTrue(pdf.startswith(b'%PDF'))
        with self.assertRaises(AccessError):
            self.env['ir.actions.report'].with_user(self.user_kam_other)._render_qweb_html(
                REPORT, plan.ids)


@tagged('post_install', '-at_install')
class TestAccountPlanTour(HttpCase, KamAccountPlanCommon):

    def test_account_plan_tour(self):
        account = self._create_account("Tour Plan Group")
        self.start_tour(
            f"/odoo/action-key_account_management.res_partner_action_key_accounts/{account.id}",
            "kam_account_plan_tour", login=self.user_kam.login)
        plan = self.Plan.search([('partner_id', '=', account.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.state, 'review')
        self.assertEqual(plan.need_ids.name, "Tour private 5G for the substations")
        self.assertEqual(plan.action_ids.name, "Tour visit the IT director")
        self.assertEqual(plan.user_id, self.user_kam)
        self.assertEqual(plan.date_start.year, datetime.now().year)
