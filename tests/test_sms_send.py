from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.key_account_management.models.kam_sms_text import (
    render_placeholders,
    sms_encoding,
    sms_segments,
    with_opt_out,
)

from .common_sms import KamSmsCommon


@tagged('post_install', '-at_install')
class TestSmsSend(KamSmsCommon):
    """Group SMS: recipients of the chosen accounts, numbers checked, opt-out,
    preview of count and cost, who may send to whom."""

    def test_segments(self):
        cases = [
            ("a" * 160, 'gsm7', 1), ("a" * 161, 'gsm7', 2), ("a" * 306, 'gsm7', 2),
            ("a" * 307, 'gsm7', 3), ("[" * 80, 'gsm7', 1), ("[" * 81, 'gsm7', 2),
            ("中" * 70, 'ucs2', 1), ("中" * 71, 'ucs2', 2), ("中" * 134, 'ucs2', 2),
            ("中" * 135, 'ucs2', 3), ("a" * 159 + "中", 'ucs2', 3), ("", 'gsm7', 0),
        ]
        for text, encoding, segments in cases:
            with self.subTest(text=text[:5], length=len(text)):
                self.assertEqual(sms_encoding(text), encoding)
                self.assertEqual(sms_segments(text), segments)
        self.assertEqual(render_placeholders("{name}@{company} {other}", "王", "华东"), "王@华东 {other}")
        self.assertEqual(with_opt_out("专线升级。 ", "回复TD退订"), "专线升级。回复TD退订")
        self.assertEqual(with_opt_out("Line upgrade", "Reply TD"), "Line upgrade Reply TD")

    def test_preview_lists_recipients_and_cost(self):
        self.contact_office.phone = "0571-88886666"  # a landline
        self._create_contact(self.group_a, "无号码")
        self._create_contact(self.sub_a, "重复", phone="13805712001")  # same as 王建国
        self.env['phone.blacklist'].sudo().add('+8613757162003')  # 赵磊 opted out
        send = self._send(self.group_a, body="{name}：")
        # the opt-out text ends every group SMS: 【华东通信】(6) + 王建国：(4) +
        # the filler + the opt-out make 70 characters, one segment
        opt_out = send._kam_opt_out_text()
        self.assertEqual(opt_out, "Reply TD to unsubscribe")
        filler = "中" * (70 - 10 - len(opt_out))
        send.body = "{name}：" + filler
        send.action_preview()
        lines = {line.name: line for line in send.recipient_ids}
        portal = {"kam_member_portal_a (base.group_portal)", "kam_member_portal_sub_a (base.group_portal)"}
        self.assertEqual(set(lines), {"王建国", "李静", "无号码", "重复", "赵磊"} | portal)
        self.assertEqual((lines["王建国"].state, lines["王建国"].number), ('ready', '13805712001'))
        self.assertEqual((lines["李静"].state, lines["李静"].reason),
                         ('invalid', "Not an 11-digit Chinese mobile number"))
        self.assertEqual((lines["无号码"].state, lines["无号码"].reason), ('invalid', "No mobile number"))
        self.assertEqual(lines["重复"].state, 'duplicate')
        self.assertEqual(lines["赵磊"].state, 'optout')
        self.assertEqual(lines["王建国"].body, "王建国：" + filler + opt_out)
        self.assertEqual(lines["王建国"].segment_count, 1)
        self.assertEqual((send.recipient_count, send.skipped_count), (1, 6))
        self.assertEqual(send.preview, "【华东通信】王建国：" + filler + opt_out)
        self.assertEqual((send.encoding, send.char_count, send.segment_count), ('ucs2', 70, 1))
        self.assertEqual(send.total_segments, 1)
        self.assertAlmostEqual(send.cost, 0.05)
        # a longer text: two segments each
        send.body = "{name}：" + filler + "中"
        self.assertFalse(send.recipient_ids, "a changed text drops the old preview")
        send.action_preview()
        lines = {line.name: line for line in send.recipient_ids}
        self.assertEqual((send.segment_count, send.total_segments), (2, 2))
        self.assertAlmostEqual(send.cost, 0.10)
        # only the valid recipients are sent to, the skipped keep their reason
        send.action_send()
        self._run_job()
        self.assertEqual(self.smsbox.posted_ids(), [lines["王建国"].sms_uuid])
        self.assertEqual(lines["李静"].state, 'invalid')
        self.assertEqual(send.state, 'done')

    def test_opt_out_after_the_preview_is_respected(self):
        send = self._send(self.group_a, audience='members')
        send.action_send()
        self.env['phone.blacklist'].sudo().add('+8613905712288')  # 刘芳 says stop
        self._run_job()
        line = send.recipient_ids.filtered(lambda ln: ln.number == '13905712288')
        self.assertEqual(line.state, 'optout')
        self.assertNotIn(line.sms_uuid, self.smsbox.posted_ids())
        self.assertEqual(len(self.smsbox.posted_ids()), 2)
        self.assertEqual(send.state, 'done')

    def test_members_of_the_group(self):
        self.member_a2.action_suspend()
        send = self._send(self.group_a, audience='members', body="{name}")
        send.action_preview()
        self.assertEqual(set(send.recipient_ids.mapped('name')), {"陈明", "郑强"})
        self.assertEqual(set(send.recipient_ids.mapped('company_name')),
                         {"华东能源集团有限公司", "华东电力有限公司"})

    def test_selected_members_from_the_members_list(self):
        members = self.member_a1 | self.member_sub
        action = members.with_user(self.user_kam).action_kam_send_sms()
        send = self.Send.with_user(self.user_kam).with_context(**action['context']).create(
            {'body': "{name}"})
        self.assertEqual((send.audience, send.account_ids), ('selected', self.group_a | self.sub_a))
        send.action_preview()
        self.assertEqual(set(send.recipient_ids.mapped('name')), {"陈明", "郑强"})
        # another manager's members are not his to pick, and one slipped in
        # anyway is not texted: only members of the send's accounts are
        with self.assertRaises(AccessError):
            send.member_ids |= self.member_b
        send.sudo().member_ids |= self.member_b
        send.action_preview()
        self.assertEqual(set(send.recipient_ids.mapped('name')), {"陈明", "郑强"})

    def test_several_accounts_from_the_list(self):
        action = (self.group_a | self.group_b).with_user(self.user_kam_manager).action_kam_send_sms()
        send = self.Send.with_user(self.user_kam_manager).with_context(**action['context']).create(
            {'body': "{company}"})
        self.assertEqual(send.account_ids, self.group_a | self.group_b)
        send.action_preview()
        self.assertIn("孙悦", send.recipient_ids.mapped('name'))
        self.assertEqual(send.user_id, self.user_kam_manager)

    def test_bad_input(self):
        send = self._send()
        with self.assertRaises(ValidationError):
            self.env['res.users'].browse(self.user_kam.id).kam_sms_mobile = "12345"
        empty = self.Partner.create({'name': "空公司", 'is_company': True, 'kam_is_key_account': True,
                                     'kam_manager_id': self.user_kam.id})
        nobody = self._send(empty)
        with self.assertRaisesText(UserError, "no Contacts"):
            nobody.action_send()
        self.contact_it.phone = self.contact_office.phone = self.contact_sub.phone = False
        with self.assertRaisesText(UserError, "No recipient has a valid mobile number"):
            send.action_send()
        self.assertEqual(send.state, 'draft')
        send.action_cancel()
        with self.assertRaises(UserError):
            send.action_send()
        with self.assertRaises(UserError):
            send.write({'body': "changed"})

    def test_access(self):
        # a plain employee sends nothing
        with self.assertRaises(AccessError):
            self._send(user=self.user_internal)
        # a user sends only to his own accounts' recipients
        mine = self._send(self.group_a)
        mine.action_preview()
        theirs = self._send(self.group_b)
        with self.assertRaisesText(UserError, "only to the recipients of your own accounts"):
            theirs.action_send()
        self.assertFalse(theirs.sudo().recipient_ids)
        # the team of an account may send to it
        self.env['kam.team.member'].create({'partner_id': self.group_b.id, 'user_id': self.user_kam.id,
                                            'role': 'solution_engineer'})
        theirs.action_preview()
        self.assertTrue(theirs.recipient_ids)
        # others read the history but do not change or send it
        other = self.Send.with_user(self.user_kam_other).browse(mine.id)
        self.assertEqual(other.recipient_count, 3)
        with self.assertRaises(AccessError):
            other.action_send()
        with self.assertRaises(AccessError):
            other.name = "mine now"
        with self.assertRaises(AccessError):
            self.Line.with_user(self.user_kam).browse(mine.recipient_ids[:1].id).reason = "x"
        # the sender cannot be forged
        forged = self.Send.with_user(self.user_kam).create({
            'name': "x", 'body': "x", 'account_ids': [(6, 0, self.group_a.ids)],
            'user_id': self.user_kam_other.id})
        self.assertEqual(forged.user_id, self.user_kam)
        # managers send to every account
        managed = self._send(self.group_b, user=self.user_kam_manager)
        managed.action_send()
        self.assertEqual(managed.state, 'queued')


@tagged('post_install', '-at_install')
class TestSmsReminders(KamSmsCommon):
    """Contract expiry reminders and SLA escalations also go by SMS to the
    managers who ask for them, once per step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_kam.write({'kam_sms_reminders': True, 'kam_sms_mobile': "+86 186 5717 0001"})

    def _sms_to(self, user):
        return self.env['sms.sms'].search([('partner_id', '=', user.partner_id.id)])

    def test_user_sets_it_in_his_preferences(self):
        user = self.user_kam_other
        preferences = self.env.ref('base.view_users_form_simple_modif')
        arch = self.env['res.users'].with_user(user).get_views(
            [(preferences.id, 'form')])['views']['form']['arch']
        self.assertIn('kam_sms_reminders', arch)
        user.with_user(user).write({'kam_sms_reminders': True, 'kam_sms_mobile': "139 0571 0002"})
        self.assertEqual(user.kam_sms_mobile, "13905710002")
        self.assertEqual(user.with_user(user).read(['kam_sms_reminders', 'kam_sms_mobile'])[0]
                         ['kam_sms_mobile'], "13905710002")
        with self.assertRaises(ValidationError):
            user.with_user(user).kam_sms_mobile = "0571-88886666"

    def test_contract_reminder_by_sms_once(self):
        Contract = self.env['kam.contract']
        with freeze_time(date(2026, 1, 2)):
            contract = Contract.create({
                'title': "Private line", 'partner_id': self.group_a.id, 'date_start': date(2025, 7, 1),
                'date_end': date(2026, 6, 30), 'amount': 1000})
            contract.action_confirm()
            other = Contract.create({
                'title': "Office", 'partner_id': self.group_b.id, 'date_start': date(2025, 7, 1),
                'date_end': date(2026, 6, 30), 'amount': 1000})
            other.action_confirm()
        for _run in range(2):
            with freeze_time(date(2026, 4, 1)), self._cron_commits():
                Contract._cron_kam_contract_reminders()
        sms = self._sms_to(self.user_kam)
        self.assertEqual(len(sms), 1, "one SMS for the step, whatever the reruns")
        self.assertEqual(sms.number, "18657170001")
        self.assertIn(contract.name, sms.body)
        self.assertIn("2026-06-30", sms.body)
        self.assertFalse(self._sms_to(self.user_kam_other), "not asked for")
        # Odoo's SMS queue sends it through Kannel
        self.user_kam_other.write({'kam_sms_reminders': True, 'kam_sms_mobile': "18657170002"})
        self.env['res.users']._kam_sms_reminders([
            (self.user_kam_other, self.company, "1"), (self.user_kam_other, self.company, "2")])
        with self._cron_commits():
            self.env['sms.sms']._process_queue()
        self.assertEqual(sorted(self.smsbox.numbers()),
                         ["18657170001", "18657170002", "18657170002"])
        self.assertEqual(sms.state, 'pending')
        with freeze_time(date(2026, 5, 1)), self._cron_commits():
            Contract._cron_kam_contract_reminders()
        self.assertEqual(self.env['sms.sms'].search_count(
            [('partner_id', '=', self.user_kam.partner_id.id), ('state', '=', 'outgoing')]), 1,
            "the next step is texted once more")

    def test_sla_escalation_by_sms_once(self):
        with freeze_time('2026-11-23 08:00:00'):
            late = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': 'X'}])
            late.action_submit()
        with freeze_time('2026-11-23 11:00:00'):
            for _run in range(2):
                with self._cron_commits():
                    self.env['kam.service.request']._cron_kam_sla_escalate()
        sms = self._sms_to(self.user_kam)
        self.assertEqual(len(sms), 1)
        self.assertIn(late.name, sms.body)
        self.assertIn("not accepted in time", sms.body)


@tagged('post_install', '-at_install')
class TestSmsTour(HttpCase, KamSmsCommon):

    def test_sms_tour(self):
        self.group_a.name = "Tour Energy Group"
        self.start_tour("/odoo", "kam_sms_tour", login=self.user_kam.login)
        send = self.Send.search([('account_ids', 'in', self.group_a.ids)])
        self.assertEqual(send.state, 'queued')
        self.assertEqual(send.recipient_count, 3)
