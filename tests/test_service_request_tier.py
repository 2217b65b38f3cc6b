from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.sql import column_exists

from .common_service_request import KamServiceRequestCommon
from .test_migration import migration

LEVEL = 'key_account_management.tier_definition_service_request_account_manager'


@tagged('post_install', '-at_install')
class TestServiceRequestTier(KamServiceRequestCommon):
    """Work-order approvals on OCA tier validation: levels by domain, one
    after the other, each reviewer at his own level, never the author."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province_head = new_test_user(
            cls.env, login='kam_wo_province', name="Provincial Head",
            groups='key_account_management.group_kam_approver_province')
        cls.level_manager = cls.env.ref(LEVEL)
        # a second level for urgent member changes: the provincial head,
        # after the account manager
        cls.level_province = cls.env['tier.definition'].create({
            'name': "Provincial head (urgent)",
            'model_id': cls.env['ir.model']._get_id('kam.service.request'),
            'review_type': 'group',
            'reviewer_group_id': cls.env.ref(
                'key_account_management.group_kam_approver_province').id,
            'definition_domain': "[('priority', '=', '2')]",
            'sequence': 10,
            'approve_sequence': True,
            'exclude_requester': True,
        })

    def _member_request(self, **vals):
        return self._create_request(self.type_member, lines=[
            {'operation': 'member_add', 'member_name': "高晓燕", 'mobile': '136 0671 2345'}],
            **vals)

    def test_types_read_their_levels(self):
        self.assertTrue(self.type_member.needs_approval)
        self.assertTrue(self.type_cancel.needs_approval)
        self.assertFalse(self.type_fault.needs_approval)
        fault = self._create_request(self.type_fault, lines=[
            {'operation': 'number', 'number': 'ZX-1'}])
        fault.action_submit()
        self.assertFalse(fault.review_ids)
        self.assertTrue(fault.action_accept())

    def test_two_levels_in_sequence(self):
        request = self._member_request(priority='2')
        request.with_user(self.user_kam).action_submit()
        self.assertEqual(request.state, 'submitted')
        self.assertEqual(len(request.review_ids), 2)
        self.assertTrue(request.needs_approval)
        # the service desk cannot accept an order under review
        with self.assertRaises(UserError):
            request.action_accept()
        # the provincial head waits for the account manager's level
        with self.assertRaises(AccessError):
            request.with_user(self.province_head).action_approve()
        self.assertTrue(request.with_user(self.user_kam).action_approve())
        self.assertEqual(request.state, 'submitted', "the second level still decides")
        # the account manager has no say at the provincial level
        with self.assertRaises(AccessError):
            request.with_user(self.user_kam).action_approve()
        self.assertTrue(request.with_user(self.province_head).is_approver)
        self.assertTrue(request.with_user(self.province_head).action_approve())
        self.assertEqual(request.state, 'accepted')
        self.assertEqual(request.approved_user_id, self.province_head)
        self.assertEqual(set(request.review_ids.mapped('status')), {'approved'})

    def test_parallel_levels(self):
        (self.level_manager | self.level_province).approve_sequence = False
        request = self._member_request(priority='2')
        request.action_submit()
        # both levels may decide at once, in any order
        self.assertTrue(request.with_user(self.province_head).action_approve())
        self.assertEqual(request.state, 'submitted')
        self.assertTrue(request.with_user(self.user_kam).action_approve())
        self.assertEqual(request.state, 'accepted')

    def test_author_never_approves(self):
        request = self._member_request().with_user(self.user_kam)
        request.sudo().requester_user_id = self.user_kam
        request.action_submit()
        self.assertFalse(request.is_approver)
        with self.assertRaises(AccessError):
            request.action_approve()
        # a Key Accounts Manager approves in his place
        request.with_user(self.user_kam_manager).action_approve()
        self.assertEqual(request.state, 'accepted')

    def test_rejection_is_the_reviewers_and_state_moves_by_actions(self):
        request = self._member_request()
        request.action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.user_kam).write({'state': 'accepted'})
        with self.assertRaises(AccessError):
            request.with_user(self.user_kam_other)._kam_reject("no")
        with self.assertRaises(UserError):
            request.with_user(self.user_kam)._kam_reject("  ")
        self.assertEqual(request.state, 'submitted')
        request.with_user(self.user_kam)._kam_reject("号码仍在合同期内")
        self.assertEqual(request.state, 'rejected')
        self.assertEqual(request.reject_reason, "号码仍在合同期内")
        self.assertEqual(request.review_ids.status, 'rejected')
        self.assertEqual(request.review_ids.comment, "号码仍在合同期内")

    def test_desk_works_on_an_order_under_review(self):
        request = self._member_request()
        request.action_submit()
        # team and assignee change while the reviewers decide; the content does not
        request.with_user(self.user_kam).write({'user_id': self.service_desk.id})
        with self.assertRaises(ValidationError):
            request.with_user(self.user_kam).write({'description': "changed"})

    def test_portal_sees_its_order_under_review(self):
        request = self._member_request()
        request.action_submit()
        self.assertEqual(request.with_user(self.portal_a).state, 'submitted')
        with self.assertRaises(AccessError):
            request.with_user(self.portal_b).check_access('read')
        with self.assertRaises(AccessError):
            request.with_user(self.portal_a).action_approve()


@tagged('post_install', '-at_install')
class TestMigration_19_0_1_5_0(KamServiceRequestCommon):
    """The upgrade to 19.0.1.5.0: the types' approval flag becomes the
    domain of the account manager's level, waiting orders get their review."""

    def test_flag_becomes_level_and_waiting_orders_reviews(self):
        cr = self.env.cr
        level = self.env.ref(LEVEL)
        # 1.4 data: the flag on fault reports only, a fault report waiting
        fault = self._create_request(self.type_fault, lines=[
            {'operation': 'number', 'number': 'ZX-2'}], date_requested=fields.Date.today())
        fault.action_submit()
        self.assertFalse(fault.review_ids)
        cr.execute("ALTER TABLE kam_service_request_type ADD COLUMN needs_approval boolean")
        cr.execute("UPDATE kam_service_request_type SET needs_approval = (id = %s)",
                   [self.type_fault.id])
        self.env.flush_all()
        migration('19.0.1.5.0', 'post-appro').migrate(cr, '19.0.1.4.0')
        self.env.invalidate_all()

        self.assertFalse(column_exists(cr, 'kam_service_request_type', 'needs_approval'))
        self.assertEqual(level.definition_domain, str([('type_id', 'in', [self.type_fault.id])]))
        self.assertTrue(self.type_fault.needs_approval)
        self.assertFalse(self.type_member.needs_approval)
        self.assertEqual(fault.review_ids.status, 'pending')
        self.assertIn(self.user_kam, fault.review_ids.reviewer_ids)
        fault.with_user(self.user_kam).action_approve()
        self.assertEqual(fault.state, 'accepted')
        # run again: nothing left to migrate
        migration('19.0.1.5.0', 'post-appro').migrate(cr, '19.0.1.5.0')
