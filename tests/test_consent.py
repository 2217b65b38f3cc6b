from odoo.exceptions import UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.key_account_management.models.kam_kannel_api import kannel_inbound_url

from .common_sms import KamSmsCommon


@tagged('post_install', '-at_install')
class TestConsent(HttpCase, KamSmsCommon):
    """Marketing group SMS go only to the numbers with a consent to marketing
    SMS; service messages need none; a withdrawal, from the member form, the
    portal or an SMS reply, takes effect at once, queued SMS included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env['kam.sms.consent']
        # the group's IT contact administers its members in the portal
        cls.portal_a.partner_id.sudo().kam_portal_group_admin = True
        cls.portal_b.partner_id.sudo().kam_portal_group_admin = True

    def _lines(self, send):
        return {line.member_id: line for line in send.recipient_ids}

    def test_marketing_send_skips_numbers_without_consent(self):
        self.member_a1.with_user(self.user_kam).action_kam_give_consent()
        consent = self.member_a1.kam_consent_ids
        self.assertEqual((consent.number, consent.source, consent.user_id, consent.state),
                         ('13805710001', 'backend', self.user_kam, 'given'))
        self.assertTrue(self.member_a1.kam_marketing_consent)
        send = self._send(audience='members', purpose='marketing', body="{name}，5G套餐八折。")
        send.action_preview()
        lines = self._lines(send)
        self.assertEqual(lines[self.member_a1].state, 'ready')
        for member in (self.member_a2, self.member_sub):
            self.assertEqual(lines[member].state, 'noconsent')
            self.assertEqual(lines[member].reason, "No consent to marketing SMS recorded")
        # the sender sees how many were left out for want of a consent
        self.assertEqual((send.recipient_count, send.skipped_count, send.no_consent_count), (1, 2, 2))
        send.action_send()
        self._run_job()
        self.assertEqual(self.smsbox.numbers(), ['13805710001'])

    def test_service_send_unaffected(self):
        send = self._send(audience='members')
        self.assertEqual(send.purpose, 'service')
        send.action_preview()
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'ready'})
        self.assertEqual((send.recipient_count, send.no_consent_count), (3, 0))
        # without any consent, a marketing SMS has nobody to go to: said so
        send.purpose = 'marketing'
        self.assertFalse(send.recipient_ids, "the preview no longer matches")
        with self.assertRaisesText(UserError, "consent to marketing SMS"):
            send.action_send()

    def test_withdrawal_takes_effect_at_once(self):
        (self.member_a1 | self.member_a2).with_user(self.user_kam).action_kam_give_consent()
        send = self._send(audience='members', purpose='marketing')
        send.action_send()
        self.assertEqual(send.recipient_count, 2)
        # withdrawn after Send, before the job hands the SMS over
        self.member_a2.with_user(self.user_kam).action_kam_withdraw_consent()
        self.assertFalse(self.member_a2.kam_marketing_consent)
        self.assertTrue(self.member_a2.kam_consent_ids.date_withdrawn)
        self._run_job()
        self.assertEqual(self.smsbox.numbers(), ['13805710001'])
        self.assertEqual(self._lines(send)[self.member_a2].state, 'noconsent')
        self.assertEqual(send.state, 'done')
        # given again later: a new consent, the withdrawn one kept as history
        self.member_a2.with_user(self.user_kam).action_kam_give_consent()
        self.assertEqual(sorted(self.member_a2.kam_consent_ids.mapped('state')), ['given', 'withdrawn'])

    def test_opt_out_reply_withdraws_the_consent(self):
        (self.member_a1 | self.member_a2).with_user(self.user_kam).action_kam_give_consent()
        url = kannel_inbound_url(self.company.sudo()).replace('?from=%p&to=%P&text=%a', '')
        url = url.replace(self.company.get_base_url(), '')
        with mute_logger('odoo.addons.key_account_management.controllers.kam_kannel'):
            for sender, text in (('+8613805710001', ' stop '), ('13905712288', '退订')):
                response = self.url_open(url, data={'from': sender, 'to': '1065712345', 'text': text})
                self.assertEqual((response.status_code, response.text), (200, ''))
        for member in (self.member_a1, self.member_a2):
            member.invalidate_recordset()
            self.assertFalse(member.kam_marketing_consent)
            consent = member.kam_consent_ids
            self.assertEqual(consent.state, 'withdrawn')
            self.assertIn("Opted out by SMS reply", ' '.join(consent.message_ids.mapped('body')))
        send = self._send(audience='members', purpose='marketing')
        send.action_preview()
        self.assertEqual(send.recipient_count, 0)

    def test_portal_group_admin_records_his_group_only(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open('/my/members').text
        self.assertIn('Record consent', page)
        response = self.url_open(f'/my/members/{self.member_sub.id}/consent', data={
            'consent': 'give', 'csrf_token': Request.csrf_token(self)})
        self.assertEqual(response.status_code, 200)
        consent = self.member_sub.kam_consent_ids
        self.assertEqual((consent.source, consent.user_id, consent.state),
                         ('portal', self.portal_a, 'given'))
        # he reads his group's consents, not another customer's
        self.assertEqual(self.Consent.with_user(self.portal_a).search([]), consent)
        # another customer's member: not found, nothing written
        with mute_logger('odoo.http'):
            response = self.url_open(f'/my/members/{self.member_b.id}/consent', data={
                'consent': 'give', 'csrf_token': Request.csrf_token(self)})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.member_b.kam_consent_ids)
        # withdrawn from the portal: at once
        self.url_open(f'/my/members/{self.member_sub.id}/consent', data={
            'consent': 'withdraw', 'csrf_token': Request.csrf_token(self)})
        consent.invalidate_recordset()
        self.assertEqual(consent.state, 'withdrawn')
        # customer B's administrator cannot touch A's members
        self.authenticate(self.portal_b.login, self.portal_b.login)
        with mute_logger('odoo.http'):
            response = self.url_open(f'/my/members/{self.member_a1.id}/consent', data={
                'consent': 'give', 'csrf_token': Request.csrf_token(self)})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.Consent.with_user(self.portal_b).search([]))
        # a portal user who is no group administrator records nothing
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        self.assertNotIn('Record consent', self.url_open('/my/members').text)
        with mute_logger('odoo.http'):
            response = self.url_open(f'/my/members/{self.member_sub.id}/consent', data={
                'consent': 'give', 'csrf_token': Request.csrf_token(self)})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(len(self.member_sub.kam_consent_ids), 1)

    def test_number_masked_for_those_not_serving_the_account(self):
        """A consent's number reads like its member's: in full for the
        account's manager, masked for the department head who reads every
        consent (list, read, display name alike)."""
        self.member_a1.with_user(self.user_kam).action_kam_give_consent()
        consent = self.member_a1.kam_consent_ids
        self.assertEqual(consent.with_user(self.user_kam).number, '13805710001')
        outsider = consent.with_user(self.user_kam_manager)
        self.assertEqual(outsider.number, '138****0001')
        self.assertEqual(outsider.read(['number'])[0]['number'], '138****0001')
        self.assertEqual(outsider.display_name, '138****0001')
        rows = self.Consent.with_user(self.user_kam_manager).search_read(
            [('id', '=', consent.id)], ['number'])
        self.assertEqual(rows[0]['number'], '138****0001')

    def test_import_and_bad_input(self):
        result = self.Consent.with_user(self.user_kam).with_context(import_file=True).load(
            ['number', 'date_given', 'note'],
            [['+86 138-0571-0001', '2026-01-15 09:00:00', "Signed form 2026-001"]])
        self.assertFalse(result['messages'], result['messages'])
        consent = self.Consent.browse(result['ids'])
        self.assertEqual((consent.number, consent.source, consent.member_id),
                         ('13805710001', 'import', self.member_a1))
        self.assertTrue(self.member_a1.kam_marketing_consent)
        with self.assertRaisesText(UserError, "already has a consent"):
            self.Consent.create({'number': '13805710001'})
        with self.assertRaises(ValidationError):
            self.Consent.create({'number': '0571-88886666'})
        # a withdrawal goes through its button only
        with self.assertRaisesText(UserError, "Withdraw button"):
            consent.with_user(self.user_kam).write({'date_withdrawn': '2026-02-01 00:00:00'})
        # another manager's user reads no consent of group A
        self.assertFalse(self.Consent.with_user(self.user_kam_other).search([]))
