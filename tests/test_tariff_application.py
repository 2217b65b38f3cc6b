from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_tariff import KamTariffCommon


@tagged('post_install', '-at_install')
class TestTariffApplication(KamTariffCommon):
    """Applications are approved level by level on OCA's tier validation,
    never by their author, and become lines of a draft contract."""

    def _levels(self, application):
        return application.review_ids.sorted('sequence').definition_id

    def test_amounts(self):
        application = self._application(proposed=2400, quantity=10)
        self.assertEqual(application.term_months, 24)
        self.assertEqual(application.list_monthly, 30000)
        self.assertEqual(application.proposed_monthly, 24000)
        self.assertAlmostEqual(application.discount_depth, 20.0)
        self.assertEqual(application.discount_amount, 6000 * 24)
        self.assertEqual(application.expected_revenue, 24000 * 24)
        self.assertEqual(application.expected_margin, (24000 - 12000) * 24)
        self.assertAlmostEqual(application.margin_percent, 50.0)

    def test_levels_by_discount_and_amount(self):
        head = self.env.ref('key_account_management.tier_definition_tariff_department_head')
        province = self.env.ref('key_account_management.tier_definition_tariff_provincial_head')
        general = self.env.ref('key_account_management.tier_definition_tariff_general_manager')
        cases = (
            (2700, 10, head),                          # 10 %: the department head alone
            (2400, 10, head | province),               # 20 %
            (2100, 10, head | province | general),     # 30 %
            (2850, 100, head | province),              # 5 %, but 360,000 off over the term
        )
        for proposed, quantity, levels in cases:
            with self.subTest(proposed=proposed, quantity=quantity):
                application = self._application(proposed=proposed, quantity=quantity)
                application.with_user(self.user_kam).action_submit()
                self.assertEqual(application.state, 'to_approve')
                self.assertEqual(self._levels(application), levels)
                self.assertEqual(application.review_ids.sorted('sequence')[0].status, 'pending')

    def test_two_levels_then_contract(self):
        application = self._application(proposed=2400)
        application.with_user(self.user_kam).action_submit()
        as_province = application.with_user(self.user_province)
        # not his turn yet: the department head decides first
        self.assertFalse(as_province.can_review)
        as_province.validate_tier()
        self.assertEqual(application.validation_status, 'pending')
        self.assertEqual(application.state, 'to_approve')

        as_head = application.with_user(self.user_kam_manager)
        self.assertTrue(as_head.can_review)
        as_head.validate_tier()
        self.assertEqual(application.state, 'to_approve')
        self.assertTrue(as_province.can_review)
        as_province.validate_tier()
        self.assertEqual(application.state, 'approved')
        self.assertEqual(application.review_ids.done_by, self.user_kam_manager | self.user_province)

        action = application.with_user(self.user_kam).action_make_contract()
        contract = application.contract_id
        self.assertEqual(action['res_id'], contract.id)
        self.assertEqual(application.state, 'contracted')
        self.assertEqual(contract.state, 'draft')
        self.assertEqual(contract.partner_id, self.account)
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        self.assertEqual(contract.line_ids.product_id, self.private_line)
        self.assertEqual(contract.line_ids.monthly_fee, 2400)
        self.assertEqual(contract.line_ids.date_end, date(2027, 12, 31))
        activity = application.activity_ids
        self.assertEqual(activity.user_id, self.user_kam)
        self.assertEqual(activity.date_deadline, date(2027, 12, 31) - timedelta(days=30))

    def test_lines_on_a_chosen_draft_contract(self):
        contract = self.env['kam.contract'].create({
            'title': "Framework", 'partner_id': self.account.id,
            'date_start': date(2026, 1, 1), 'date_end': date(2028, 12, 31)})
        application = self._application(proposed=2900)
        application.with_user(self.user_kam).action_submit()
        application.with_user(self.user_kam_manager).validate_tier()
        self.assertEqual(application.state, 'approved')
        application.with_user(self.user_kam).contract_id = contract
        application.with_user(self.user_kam).action_make_contract()
        self.assertEqual(application.contract_id, contract)
        self.assertEqual(contract.line_ids.monthly_fee, 2900)
        self.assertEqual(contract.line_ids.date_end, date(2027, 12, 31))

    def test_author_never_approves(self):
        # the department head raises an application himself
        application = self._application(proposed=2800, user=self.user_kam_manager)
        application.with_user(self.user_kam_manager).action_submit()
        as_author = application.with_user(self.user_kam_manager)
        self.assertFalse(as_author.can_review)
        with self.assertRaisesText(UserError, "another reviewer"):
            as_author.validate_tier()
        # even where the level lets the requester review
        application.review_ids.definition_id.sudo().exclude_requester = False
        application.review_ids.invalidate_recordset()
        with self.assertRaisesText(UserError, "another reviewer"):
            as_author._validate_tier()
        self.assertEqual(application.state, 'to_approve')
        self.assertEqual(application.review_ids.status, 'pending')

    def test_reject_and_resubmit(self):
        application = self._application(proposed=2400)
        application.with_user(self.user_kam).action_submit()
        application.with_user(self.user_kam_manager).reject_tier()
        self.assertEqual(application.state, 'rejected')
        self.assertEqual(application.validation_status, 'rejected')
        with self.assertRaises(UserError):
            application.with_user(self.user_kam).action_make_contract()
        application.with_user(self.user_kam).action_draft()
        self.assertEqual(application.state, 'draft')
        self.assertFalse(application.review_ids)
        application.with_user(self.user_kam).action_submit()
        self.assertEqual(application.review_ids.sorted('sequence').mapped('status'),
                         ['pending', 'waiting'])

    def test_states_move_only_through_actions(self):
        application = self._application()
        with self.assertRaises(UserError):
            application.with_user(self.user_kam).write({'state': 'approved'})
        application.with_user(self.user_kam).action_submit()
        with self.assertRaisesText(UserError, "reset it to draft"):
            application.with_user(self.user_kam).write({'subject': "Changed"})
        with self.assertRaisesText(UserError, "reset it to draft"):
            application.line_ids.with_user(self.user_kam).write({'proposed_price': 100})
        with self.assertRaisesText(UserError, "Who raised"):
            application.with_user(self.user_kam_manager).write({'user_id': self.user_kam_manager.id})
        self.assertEqual(application.line_ids.proposed_price, 2700)

    def test_bad_input_writes_nothing(self):
        count = self.Application.search_count([])
        for values, message in (
            ({'line_ids': [(0, 0, {'product_id': self.private_line.id, 'proposed_price': -10})]},
             "over 100 %"),
            ({'line_ids': [(0, 0, {'product_id': self.private_line.id, 'proposed_price': 3100})]},
             "above its list price"),
            ({'date_end': date(2025, 12, 1)}, "end before it starts"),
            ({'line_ids': [(0, 0, {'product_id': self.private_line.id, 'quantity': 0})]},
             "at least one"),
        ):
            with self.subTest(message=message), self.assertRaisesText(ValidationError, message):
                self._application(**values)
        self.assertEqual(self.Application.search_count([]), count)
        application = self._application()
        with self.assertRaisesText(ValidationError, "above its list price"):
            application.line_ids.with_user(self.user_kam).write({'proposed_price': 5000})
        self.assertEqual(application.line_ids.proposed_price, 2700)
        with self.assertRaisesText(UserError, "why"):
            self._application(justification=" ").with_user(self.user_kam).action_submit()

    def test_access_follows_the_account(self):
        mine = self._application()
        other = self._application(partner_id=self.account_b.id, user=self.user_kam_other)
        Application = self.Application.with_user(self.user_kam)
        self.assertIn(mine, Application.search([]))
        self.assertNotIn(other, Application.search([]))
        with self.assertRaises(AccessError):
            other.with_user(self.user_kam).read(['subject'])
        with self.assertRaises(AccessError):
            other.line_ids.with_user(self.user_kam).read(['proposed_price'])
        # approvers read every application, change none
        self.assertEqual(self.Application.with_user(self.user_province).search(
            [('id', 'in', (mine | other).ids)]), mine | other)
        with self.assertRaises(AccessError):
            other.with_user(self.user_province).write({'reminder_days': 10})
        # an approver whose level has not come cannot act on what he cannot read
        other.with_user(self.user_kam_other).action_submit()
        with self.assertRaises(AccessError):
            other.with_user(self.user_kam).validate_tier()

    def test_portal_users_see_their_group_only(self):
        portal_a = self._create_portal_user(self.account, 'kam_tariff_portal_a')
        portal_b = self._create_portal_user(self.account_b, 'kam_tariff_portal_b')
        mine = self._application()
        sub = self._application(partner_id=self.subsidiary.id)
        other = self._application(partner_id=self.account_b.id, user=self.user_kam_other)
        draft = self._application()
        (mine | sub).with_user(self.user_kam).action_submit()
        other.with_user(self.user_kam_other).action_submit()
        self.assertEqual(self.Application.with_user(portal_a).search([]), mine | sub,
                         "the group's own, past the draft")
        self.assertEqual(self.Application.with_user(portal_b).search([]), other)
        self.assertNotIn(draft, self.Application.with_user(portal_a).search([]))
        with self.assertRaises(AccessError):
            other.with_user(portal_a).read(['subject'])
        with self.assertRaises(AccessError):
            mine.with_user(portal_a).write({'reminder_days': 1})

    def test_list_costs_the_same_for_more_applications(self):
        spec = {'name': {}, 'subject': {}, 'partner_id': {'fields': {'display_name': {}}},
                'user_id': {'fields': {'display_name': {}}}, 'date_end': {},
                'discount_depth': {}, 'expected_revenue': {}, 'state': {}}
        Application = self.Application.with_user(self.user_kam)

        def page_queries():
            Application.web_search_read([], spec, limit=80)  # warm the rule and field caches
            self.env.invalidate_all()
            return self._count_queries(lambda: Application.web_search_read([], spec, limit=80))

        for _i in range(3):
            self._application(proposed=2400).with_user(self.user_kam).action_submit()
        few = page_queries()
        for _i in range(9):
            self._application(proposed=2400).with_user(self.user_kam).action_submit()
        self.assertEqual(page_queries(), few)

    def test_contract_of_a_plain_subsidiary_goes_to_its_key_account(self):
        office = self.env['res.partner'].create({
            'name': "东方港务办公室", 'is_company': True, 'parent_id': self.account.id})
        self.assertFalse(office.kam_is_key_account)
        application = self._application(proposed=2900, partner_id=office.id)
        application.with_user(self.user_kam).action_submit()
        application.with_user(self.user_kam_manager).validate_tier()
        application.with_user(self.user_kam).action_make_contract()
        self.assertEqual(application.contract_id.partner_id, self.account)
