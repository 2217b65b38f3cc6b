import base64
from datetime import datetime

from psycopg2.errors import CheckViolation, UniqueViolation

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_service_request import KamServiceRequestCommon

PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")


@tagged('post_install', '-at_install')
class TestServiceRequestLoop(KamServiceRequestCommon):
    """The closed loop of every type, the approval gate and the states."""

    def _lines_for(self, request_type):
        return {
            'install': [{'operation': 'install', 'product_id': self.plan.id, 'quantity': 3}],
            'change': [{'operation': 'change', 'product_id': self.plan.id}],
            'cancel_scheduled': [{'operation': 'number', 'number': '13805710001'}],
            'cancel': [{'operation': 'number', 'number': '13805710001'}],
            'repair': [{'operation': 'number', 'number': '13905712288'}],
            'fault': [{'operation': 'number', 'number': 'ZX-0571-1'}],
            'member': [{'operation': 'member_add', 'member_name': "高晓燕", 'mobile': '136 0671 2345'}],
        }[request_type.kind]

    def test_board_columns_fit_the_screen(self):
        """The kanban shows the loop's four steps even when empty; draft,
        rejected and cancelled only when some work order is in them."""
        Request = self.env['kam.service.request'].with_context(read_group_expand=True)

        def columns(domain):
            return [row['state'] for row in Request.formatted_read_group(domain, ['state'], ['__count'])]

        self._ready_request(self.type_fault).action_submit()
        domain = [('partner_id', '=', self.group_a.id)]
        self.assertEqual(columns(domain), ['submitted', 'accepted', 'in_progress', 'done'])
        self._ready_request(self.type_fault)
        self.assertEqual(columns(domain), ['draft', 'submitted', 'accepted', 'in_progress', 'done'])

    def _ready_request(self, request_type):
        request = self._create_request(request_type, lines=self._lines_for(request_type),
                                       date_requested=fields.Date.today())
        if request_type.require_attachment:
            self.env['ir.attachment'].create({
                'name': "letter.pdf", 'datas': PDF, 'res_model': request._name, 'res_id': request.id})
        return request

    def test_closed_loop_of_every_type(self):
        types = self.type_install | self.type_change | self.type_cancel_scheduled | \
            self.type_cancel | self.type_repair | self.type_fault | self.type_member
        numbers = []
        for request_type in types:
            request = self._ready_request(request_type).with_user(self.user_kam)
            self.assertEqual(request.state, 'draft')
            self.assertTrue(request.action_submit())
            self.assertEqual(request.state, 'submitted')
            self.assertTrue(request.deadline_accept and request.deadline_resolve)
            numbers.append(request.name)
            if request_type.needs_approval:
                with self.assertRaises(UserError):
                    request.action_accept()
                self.assertTrue(request.action_approve())
                self.assertEqual(request.approved_user_id, self.user_kam)
            else:
                self.assertTrue(request.action_accept())
            self.assertEqual(request.state, 'accepted')
            self.assertTrue(request.action_start())
            self.assertTrue(request.action_done())
            self.assertEqual(request.state, 'done')
            self.assertEqual(request.sla_success, 100.0)
        # numbered on submission, one after the other, without gaps
        prefix = numbers[0].rsplit('/', 1)[0]
        counters = [int(name.rsplit('/', 1)[1]) for name in numbers]
        self.assertTrue(all(name.startswith(prefix) for name in numbers))
        self.assertEqual(counters, list(range(counters[0], counters[0] + len(types))))

    def test_approval_gate(self):
        request = self._ready_request(self.type_member)
        request.action_submit()
        # the service desk handles it once assigned, but cannot approve it
        request.user_id = self.service_desk
        with self.assertRaises(AccessError):
            request.with_user(self.service_desk).action_approve()
        self.assertFalse(request.with_user(self.service_desk).is_approver)
        # another account manager does not even reach it
        with self.assertRaises(AccessError):
            request.with_user(self.user_kam_other).action_approve()
        # nor may the service desk reject it in the manager's place
        with self.assertRaises(AccessError):
            request.with_user(self.service_desk)._kam_reject("no")
        self.assertEqual(request.state, 'submitted')
        self.assertTrue(request.with_user(self.user_kam).is_approver)
        request.with_user(self.user_kam_manager).action_approve()
        self.assertEqual(request.state, 'accepted')
        self.assertEqual(request.approved_user_id, self.user_kam_manager)

    def test_states_only_through_actions(self):
        request = self._ready_request(self.type_fault).with_user(self.user_kam)
        with self.assertRaises(UserError):
            request.write({'state': 'done'})
        with self.assertRaises(UserError):
            request.action_start()
        request.action_submit()
        with self.assertRaises(UserError):
            request.action_done()
        with self.assertRaises(UserError):
            request.write({'type_id': self.type_repair.id})
        request.action_accept()
        with self.assertRaisesText(UserError, "Cancelling"):
            request.action_cancel()
        # submitted once: archived, never deleted
        with self.assertRaises(UserError):
            request.unlink()

    def test_reject_with_reason(self):
        request = self._ready_request(self.type_fault)
        request.action_submit()
        action = request.action_reject()
        self.assertEqual(action['res_model'], 'kam.service.request.reject.wizard')
        Wizard = self.env['kam.service.request.reject.wizard'].with_context(**action['context'])
        wizard = Form(Wizard)
        wizard.reason = "   "
        with self.assertRaises(UserError):
            wizard.save().action_reject()
        self.assertEqual(request.state, 'submitted')
        wizard = Form(Wizard)
        wizard.reason = "Outside our coverage"
        wizard.save().action_reject()
        self.assertEqual(request.state, 'rejected')
        self.assertEqual(request.reject_reason, "Outside our coverage")

    def test_required_fields_per_type(self):
        fault = self._create_request(self.type_fault, contact_phone=False,
                                     lines=[{'operation': 'number', 'number': 'X1'}])
        with self.assertRaisesText(ValidationError, "contact phone"):
            fault.action_submit()
        cancel = self._create_request(self.type_cancel, lines=[{'operation': 'number', 'number': 'X1'}])
        with self.assertRaisesText(ValidationError, "attachment"):
            cancel.action_submit()
        scheduled = self._create_request(self.type_cancel_scheduled,
                                         lines=[{'operation': 'number', 'number': 'X1'}])
        with self.assertRaisesText(ValidationError, "wished date"):
            scheduled.action_submit()
        empty = self._create_request(self.type_repair)
        with self.assertRaisesText(ValidationError, "at least one line"):
            empty.action_submit()
        wrong = self._create_request(self.type_repair, lines=[{'operation': 'install', 'product_id': self.plan.id}])
        with self.assertRaisesText(ValidationError, "cannot carry"):
            wrong.action_submit()
        self.assertEqual(set((fault | cancel | scheduled | empty | wrong).mapped('state')), {'draft'})
        self.assertEqual(set((fault | cancel | scheduled | empty | wrong).mapped('name')), {"New"})

    def test_rating(self):
        request = self._ready_request(self.type_fault)
        request.action_submit()
        with self.assertRaisesText(UserError, "completed"):
            request._kam_rate(5)
        request.action_accept()
        request.action_start()
        request.action_done()
        for bad in (0, 6, "abc", None):
            with self.assertRaisesText(ValidationError, "1 to 5"):
                request._kam_rate(bad)
        request._kam_rate(4, "Quick repair")
        rating = request.rating_ids.filtered('consumed')
        self.assertEqual(rating.rating, 4)
        self.assertEqual(rating.partner_id, self.portal_a.partner_id)
        with self.assertRaisesText(UserError, "already"):
            request._kam_rate(5)


@tagged('post_install', '-at_install')
class TestServiceRequestMembers(KamServiceRequestCommon):
    """Member changes: applied on completion, not before; bad lines refused."""

    def _run_to_progress(self, request):
        request.action_submit()
        request.with_user(self.user_kam).action_approve()
        request.action_start()

    def test_member_changes_applied_on_completion_only(self):
        request = self._create_request(self.type_member, lines=[
            {'operation': 'member_add', 'member_name': "高晓燕", 'mobile': '+86 136-0671-2345',
             'department': "信息中心", 'member_partner_id': self.sub_a.id},
            {'operation': 'member_remove', 'member_id': self.member_a1.id},
            {'operation': 'member_change', 'member_id': self.member_a2.id, 'department': "财务部"},
        ], date_requested=fields.Date.today())
        Member = self.env['kam.member']
        self._run_to_progress(request)
        self.assertFalse(Member.search([('mobile', '=', '13606712345')]))
        self.assertEqual(self.member_a1.state, 'active')
        self.assertFalse(self.member_a2.department)
        request.with_user(self.user_kam).action_done()
        added = Member.search([('mobile', '=', '13606712345')])
        self.assertEqual(added.partner_id, self.sub_a)
        self.assertEqual(added.group_id, self.group_a)
        self.assertEqual(self.member_a1.state, 'removed')
        self.assertEqual(self.member_a1.date_leave, fields.Date.today())
        self.assertEqual(self.member_a2.department, "财务部")
        self.assertTrue(all(request.line_ids.mapped('applied')))
        self.assertIn(request.name, added.message_ids[0].body)
        self.assertIn(request.name, self.member_a1.message_ids.mapped('body')[0])

    def test_removal_of_member_not_in_group(self):
        request = self._create_request(self.type_member, lines=[
            {'operation': 'member_remove', 'member_id': self.member_b.id}])
        with self.assertRaisesText(ValidationError, "not a member"):
            request.action_submit()
        self.assertEqual(request.state, 'draft')
        self.assertEqual(self.member_b.state, 'active')

    def test_duplicate_and_malformed_mobiles(self):
        with self.assertRaisesText(ValidationError, "not a valid Chinese mobile"):
            self._create_request(self.type_member, lines=[
                {'operation': 'member_add', 'member_name': "X", 'mobile': '0571-8888888'}])
        request = self._create_request(self.type_member, lines=[
            {'operation': 'member_add', 'member_name': "Copy", 'mobile': '138 0571 0001'}])
        with self.assertRaisesText(ValidationError, "already enrolled"):
            request.action_submit()
        # the number taken between submission and completion: refused then too
        request = self._create_request(self.type_member, lines=[
            {'operation': 'member_add', 'member_name': "Late", 'mobile': '13606719999'}])
        self._run_to_progress(request)
        self._create_member("Other", "13606719999")
        with self.assertRaisesText(ValidationError, "already enrolled"):
            request.action_done()
        self.assertEqual(request.state, 'in_progress')

    def test_lines_frozen_after_submission(self):
        request = self._create_request(self.type_member, lines=[
            {'operation': 'member_remove', 'member_id': self.member_a1.id}])
        request.action_submit()
        with self.assertRaises(ValidationError):
            request.with_user(self.user_kam).line_ids.write({'member_id': self.member_a2.id})


@tagged('post_install', '-at_install')
class TestServiceRequestSla(KamServiceRequestCommon):
    """Deadlines in working hours, breach flags and escalation once."""

    def test_deadlines_over_a_weekend(self):
        # Friday 2026-11-20 16:00 UTC: a fault (2 h to accept, 8 h to resolve)
        with freeze_time('2026-11-20 16:00:00'):
            request = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
            request.action_submit()
        # 1 h left on Friday, the rest from Monday 8:00
        self.assertEqual(request.deadline_accept, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(request.deadline_resolve, datetime(2026, 11, 23, 16, 0))

    def test_tier_factor_and_own_policy(self):
        self.group_a.sudo().write({'kam_tier_id': self.tier_a.id, 'kam_tier_locked': True})
        self.tier_a.sla_factor = 0.5
        with freeze_time('2026-11-23 08:00:00'):  # Monday
            request = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
            request.action_submit()
        # halved: 1 h to accept, 4 h to resolve
        self.assertEqual(request.deadline_accept, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(request.deadline_resolve, datetime(2026, 11, 23, 12, 0))
        self.env['kam.sla.policy'].create({'type_id': self.type_fault.id, 'tier_id': self.tier_a.id,
                                           'hours_accept': 3, 'hours_resolve': 6})
        with freeze_time('2026-11-23 08:00:00'):
            request = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'Y'}])
            request.action_submit()
        self.assertEqual(request.deadline_accept, datetime(2026, 11, 23, 11, 0))
        self.assertEqual(request.deadline_resolve, datetime(2026, 11, 23, 15, 0))

    def test_bad_policy(self):
        """Tier A has no policy of its own for faults: only the hours can be
        what is refused; a second policy for the same tier is refused by the
        one-per-tier rule, with its own message."""
        Policy = self.env['kam.sla.policy']
        hours_message = ("Hours to accept and to resolve must be positive, and resolving "
                         "cannot take less time than accepting.")
        for accept, resolve in ((5, 2), (0, 8), (-1, 8), (2, 0)):
            with self.subTest(accept=accept, resolve=resolve), \
                    self.assertRaisesConstraint(CheckViolation, 'kam.sla.policy', hours_message):
                Policy.create({'type_id': self.type_fault.id, 'tier_id': self.tier_a.id,
                               'hours_accept': accept, 'hours_resolve': resolve})
        policy = Policy.create({'type_id': self.type_fault.id, 'tier_id': self.tier_a.id,
                                'hours_accept': 2, 'hours_resolve': 5})
        with self.assertRaisesConstraint(CheckViolation, 'kam.sla.policy', hours_message):
            policy.hours_resolve = 1
        with self.assertRaisesConstraint(UniqueViolation, 'kam.sla.policy',
                                         "A work order type has one service level per tier and company."):
            Policy.create({'type_id': self.type_fault.id, 'tier_id': self.tier_a.id,
                           'hours_accept': 1, 'hours_resolve': 3})
        self.assertEqual(Policy.search([('type_id', '=', self.type_fault.id),
                                        ('tier_id', '=', self.tier_a.id)]), policy)
        self.assertEqual((policy.hours_accept, policy.hours_resolve), (2, 5))

    def test_breach_escalated_once(self):
        with freeze_time('2026-11-23 08:00:00'):
            late = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
            on_time = self._create_request(self.type_repair, lines=[{'operation': 'number', 'number': 'Y'}])
            (late | on_time).action_submit()
        Activity = self.env['mail.activity']
        breach = self.env.ref('key_account_management.mail_activity_type_kam_sla_breach')
        with freeze_time('2026-11-23 11:00:00'):  # fault: 2 h to accept are over
            for _run in range(2):
                with self._cron_commits():
                    self.env['kam.service.request']._cron_kam_sla_escalate()
        activities = Activity.search([('res_model', '=', late._name), ('res_id', '=', late.id),
                                      ('activity_type_id', '=', breach.id)])
        self.assertEqual(activities.user_id, self.user_kam, "one activity, for the account manager")
        self.assertTrue(late.sla_accept_breached)
        self.assertEqual(late.sla_status, 'breached')
        self.assertFalse(on_time.sla_accept_breached)
        self.assertFalse(Activity.search([('res_id', '=', on_time.id), ('res_model', '=', late._name)]))
        # later, the resolution deadline passes too: escalated once more
        late.action_accept()
        with freeze_time('2026-11-24 12:00:00'):
            for _run in range(2):
                with self._cron_commits():
                    self.env['kam.service.request']._cron_kam_sla_escalate()
        self.assertEqual(len(Activity.search([('res_model', '=', late._name), ('res_id', '=', late.id),
                                              ('activity_type_id', '=', breach.id)])), 2)
        self.assertTrue(late.sla_resolve_breached)

    def test_escalation_reaches_the_managers_manager(self):
        boss_user = self.user_kam_manager
        boss = self.env['hr.employee'].create({'name': "Boss", 'user_id': boss_user.id})
        self.env['hr.employee'].create({'name': "One", 'user_id': self.user_kam.id, 'parent_id': boss.id})
        with freeze_time('2026-11-23 08:00:00'):
            late = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
            late.action_submit()
        with freeze_time('2026-11-23 12:00:00'), self._cron_commits():
            self.env['kam.service.request']._cron_kam_sla_escalate()
        users = self.env['mail.activity'].search([('res_model', '=', late._name), ('res_id', '=', late.id)]).user_id
        self.assertEqual(users, self.user_kam | boss_user)

    def test_cron_query_count_per_chunk(self):
        breach = self.env.ref('key_account_management.mail_activity_type_kam_sla_breach')

        def run(count):
            with freeze_time('2026-11-23 08:00:00'):
                requests = self.env['kam.service.request'].create([{
                    'type_id': self.type_fault.id, 'partner_id': self.group_a.id,
                    'contact_phone': '13805710001',
                    'line_ids': [(0, 0, {'operation': 'number', 'number': str(i)})]} for i in range(count)])
                requests.action_submit()
            self.env.invalidate_all()
            with freeze_time('2026-11-24 12:00:00'), self._cron_commits():
                queries = self._count_queries(
                    lambda: self.env['kam.service.request']._cron_kam_sla_escalate(batch_size=100))
            # what was measured is the escalation of every one of them
            self.assertEqual(set(requests.mapped('sla_accept_breached')), {True})
            self.assertEqual(set(requests.mapped('sla_resolve_breached')), {True})
            activities = self.env['mail.activity'].search([
                ('res_model', '=', requests._name), ('res_id', 'in', requests.ids),
                ('activity_type_id', '=', breach.id)])
            self.assertEqual(sorted(activities.mapped('res_id')), sorted(requests.ids), "one each")
            self.assertEqual(activities.user_id, self.user_kam)
            return queries
        small, large = run(5), run(40)
        self.assertLessEqual(large, small + 10, "the escalation of a chunk costs the same for 5 or 40")


@tagged('post_install', '-at_install')
class TestServiceRequestAccess(KamServiceRequestCommon):

    def test_staff_access(self):
        request = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
        request_b = self._create_request(self.type_fault, partner=self.group_b,
                                         lines=[{'operation': 'number', 'number': 'Y'}])
        Request = self.env['kam.service.request']
        self.assertEqual(Request.with_user(self.user_kam).search([('id', 'in', (request | request_b).ids)]), request)
        self.assertEqual(Request.with_user(self.user_kam_other).search([('id', 'in', (request | request_b).ids)]), request_b)
        self.assertEqual(Request.with_user(self.user_kam_manager).search_count([('id', 'in', (request | request_b).ids)]), 2)
        self.assertFalse(Request.with_user(self.service_desk).search([('id', 'in', (request | request_b).ids)]))
        with self.assertRaises(AccessError):
            request.with_user(self.user_kam_other).write({'description': "x"})
        request.user_id = self.service_desk
        request.with_user(self.service_desk).write({'description': "called back"})
        with self.assertRaises(AccessError):
            request.with_user(self.user_internal).read(['name'])

    def test_portal_reads_own_only(self):
        request = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
        sub_request = self._create_request(self.type_fault, partner=self.sub_a,
                                           lines=[{'operation': 'number', 'number': 'Z'}])
        request_b = self._create_request(self.type_fault, partner=self.group_b,
                                         lines=[{'operation': 'number', 'number': 'Y'}])
        draft = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'D'}])
        (request | sub_request | request_b).action_submit()
        Request = self.env['kam.service.request']
        everything = request | sub_request | request_b | draft
        self.assertEqual(Request.with_user(self.portal_a).search([('id', 'in', everything.ids)]),
                         request | sub_request)
        self.assertEqual(Request.with_user(self.portal_sub_a).search([('id', 'in', everything.ids)]),
                         sub_request)
        self.assertEqual(Request.with_user(self.portal_b).search([('id', 'in', everything.ids)]), request_b)
        with self.assertRaises(AccessError):
            request.with_user(self.portal_b).read(['name'])
        with self.assertRaises(AccessError):
            request.with_user(self.portal_a).write({'description': "x"})
        with self.assertRaises(AccessError):
            request.with_user(self.portal_a).read(['internal_note'])

    def test_chinese_email_on_state_change(self):
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(['key_account_management'], ['zh_CN'], overwrite=True)
        self.portal_a.partner_id.sudo().lang = 'zh_CN'
        request = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
        request.action_submit()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking, and the emails it sends, run at commit
        request.action_accept()
        self.env.flush_all()
        self.env.cr.precommit.run()
        request.invalidate_recordset(['message_ids'])
        messages = request.message_ids.filtered(lambda m: self.portal_a.partner_id in m.partner_ids)
        self.assertTrue(messages, "the requester is emailed")
        self.assertIn("已受理", messages[0].subject)

    def test_open_requests_rollup(self):
        open_a = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'A'}])
        open_sub = self._create_request(self.type_fault, partner=self.sub_a,
                                        lines=[{'operation': 'number', 'number': 'S'}])
        closed = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'C'}])
        self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'D'}])  # draft
        (open_a | open_sub | closed).action_submit()
        closed.action_cancel()
        accounts = (self.group_a | self.sub_a | self.group_b).with_user(self.user_kam)
        self.assertEqual(accounts.mapped('kam_open_request_count'), [2, 1, 0])

    def test_list_query_count(self):
        self.env['kam.service.request'].create([{
            'type_id': self.type_fault.id, 'partner_id': (self.group_a if i % 2 else self.sub_a).id,
            'contact_phone': '13805710001', 'user_id': self.user_kam.id,
            'line_ids': [(0, 0, {'operation': 'number', 'number': str(i)})]} for i in range(80)]).action_submit()
        view = self.env.ref('key_account_management.kam_service_request_view_list')
        Request = self.env['kam.service.request'].with_user(self.user_kam)
        spec = {name: {} for name in ('name', 'type_id', 'partner_id', 'requester_partner_id',
                                      'user_id', 'date_submitted', 'deadline_resolve',
                                      'sla_status', 'state', 'priority')}
        Request.get_views([(view.id, 'list')])
        self.env.invalidate_all()
        with self.assertQueryCount(16):
            result = Request.web_search_read([], spec, limit=80)
        self.assertEqual(result['length'], 80)
