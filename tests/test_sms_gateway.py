from datetime import timedelta
from urllib.parse import urlsplit

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.key_account_management.models.kam_kannel_api import (
    DLR_MASK,
    KamKannelApi,
    check_kannel_token,
    kannel_probe,
)

from .common_sms import DLR_SECRET, KANNEL_PASSWORD, KANNEL_USER, KamSmsCommon


@tagged('post_install', '-at_install')
class TestSmsKannelProvider(KamSmsCommon):
    """Kannel as Odoo's SMS provider: one sendsms request per message with
    the company's user, sender and coding, a delivery report URL of its own,
    failures with smsbox's answer, bounded retries, never twice."""

    def _queued(self, accounts=None, audience='members'):
        send = self._send(accounts or self.group_a, audience=audience)
        send.action_send()
        return send

    def test_provider_plugs_into_odoo_sms(self):
        self.assertIs(self.company._get_sms_api_class(), KamKannelApi)
        self.company.kam_sms_provider = 'iap'
        self.assertIsNot(self.company._get_sms_api_class(), KamKannelApi)
        with self.assertRaises(ValidationError):
            self.company.write({'kam_sms_provider': 'kannel', 'kam_kannel_url': 'ftp://x'})
        with self.assertRaises(ValidationError):
            self.company.kam_sms_batch_size = 0

    def test_sendsms_request_per_message(self):
        send = self._queued()
        self._run_job()
        lines = send.recipient_ids
        self.assertEqual(sorted(self.smsbox.posted_ids()), sorted(lines.mapped('sms_uuid')))
        query = next(q for q in self.smsbox.requests if q['to'] == '13805710001')
        opt_out = send._kam_opt_out_text()
        self.assertEqual(query, dict(query, **{
            'username': KANNEL_USER, 'password': KANNEL_PASSWORD, 'from': '1065712345',
            'charset': 'UTF-8', 'coding': '2', 'dlr-mask': str(DLR_MASK),
            'text': "【华东通信】陈明，华东能源集团有限公司的专线将于周六0-4点升级。" + opt_out,
        }))
        self.assertEqual(DLR_MASK, 1 | 2 | 8 | 16)
        # the report URL names the company and the SMS, signed with its secret
        dlr = urlsplit(query['dlr-url'])
        prefix, company_id, uuid, token = dlr.path.rsplit('/', 3)
        self.assertEqual(prefix, '/kam/sms/kannel/dlr')
        self.assertEqual((int(company_id), dlr.query), (self.company.id, 'status=%d'))
        self.assertTrue(check_kannel_token(DLR_SECRET, self.company.id, uuid, token))
        self.assertFalse(check_kannel_token('another', self.company.id, uuid, token))
        self.assertEqual(set(lines.mapped('state')), {'sent'})
        self.assertEqual((send.state, send.sent_count), ('done', 3))
        # a text in the GSM alphabet goes as such (coding 0)
        self.smsbox.requests.clear()
        self.company.kam_sms_signature = "[HD Telecom]"
        self.contact_it._message_sms("Hello", number_field='phone')
        self.assertEqual([(q['coding'], q['text']) for q in self.smsbox.requests],
                         [('0', "[HD Telecom]Hello")])

    def test_failure_keeps_smsbox_answer(self):
        self.smsbox.refuse['13905712288'] = (400, "Receiver number not valid")
        self.smsbox.refuse['13805710001'] = (403, "Number(s) has/have been denied by white- and/or black-lists.")
        send = self._queued()
        self._run_job()
        lines = {line.number: line for line in send.recipient_ids}
        self.assertEqual((lines['13905712288'].state, lines['13905712288'].reason),
                         ('failed', "Kannel answered 400: Receiver number not valid"))
        self.assertEqual(lines['13805710001'].state, 'failed')
        self.assertIn("denied", lines['13805710001'].reason)
        self.assertEqual(lines['13757163301'].state, 'sent')
        sms = self.env['sms.sms'].search([('uuid', '=', lines['13905712288'].sms_uuid)])
        self.assertEqual((sms.state, sms.failure_type), ('error', 'sms_number_format'))
        self.assertEqual(send.failed_count, 2)
        # a refused message is final: a rerun hands nothing over
        before = len(self.smsbox.requests)
        self._run_job()
        self.assertEqual(len(self.smsbox.requests), before)

    def test_chatter_sms_reason_on_its_notification(self):
        """An SMS of Odoo's own (a message on a record) goes through Kannel
        too, and its notification (tracker) shows smsbox's answer."""
        self.smsbox.refuse['13805712001'] = (400, "Receiver number not valid")
        message = self.contact_it._message_sms("测试", number_field='phone')
        sms = self.env['sms.sms'].search([('mail_message_id', '=', message.id)])
        self.assertTrue(sms.sms_tracker_id)
        self.assertEqual(self.smsbox.numbers(), ['13805712001'])
        notification = message.notification_ids
        self.assertEqual(notification.notification_status, 'exception')
        self.assertEqual(notification.failure_reason, "Kannel answered 400: Receiver number not valid")

    def test_retries_are_bounded(self):
        self.smsbox.down = True
        send = self._queued()
        start = fields.Datetime.now()
        for attempt in range(1, 4):
            with freeze_time(start + timedelta(hours=attempt)):
                self._run_job()
            with self.subTest(attempt=attempt):
                self.assertEqual(set(send.recipient_ids.mapped('attempts')), {attempt})
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'failed'})
        self.assertIn("503", send.recipient_ids[0].reason)
        self.assertEqual(send.state, 'done')
        with freeze_time(start + timedelta(hours=9)):
            self._run_job()
        self.assertFalse(self.smsbox.requests, "no fourth attempt, and Kannel never took one")

    def test_unreachable_smsbox_is_retried_later(self):
        self.company.kam_kannel_url = 'http://127.0.0.1:9/cgi-bin/sendsms'
        send = self._queued()
        self._run_job()
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'queued'})
        self.assertEqual(set(send.recipient_ids.mapped('reason')),
                         {"Kannel's smsbox could not be reached."})

    def test_a_message_is_handed_over_once(self):
        send = self._queued()
        first = send.recipient_ids.sorted('id')[:2]
        # smsbox goes down after the first batch
        now = fields.Datetime.now()
        first.sudo()._kam_send_batch(now)
        self.smsbox.down = True
        self._run_job()
        self.assertEqual(set(first.mapped('state')), {'sent'})
        rest = send.recipient_ids - first
        self.assertEqual(rest.state, 'queued')
        self.smsbox.down = False
        with freeze_time(now + timedelta(hours=1)):
            self._run_job()
            self._run_job()
        self.assertEqual(rest.state, 'sent')
        self.assertEqual(sorted(self.smsbox.posted_ids()), sorted(send.recipient_ids.mapped('sms_uuid')),
                         "each message handed over once, whatever the reruns")

    def test_at_most_once_when_the_worker_dies_after_handing_over(self):
        send = self._queued()
        lines = send.recipient_ids.sorted('id')
        # each batch is marked (and committed) before Kannel sees it, the
        # answers clear the mark: two commits per batch
        calls = self._run_job(batch_size=2)
        self.assertEqual(len(calls), 4)
        self.assertFalse(any(lines.mapped('handover_token')))
        # a run died while handing two lines over (Kannel may have taken
        # them): the next run never hands them over again
        again = self._queued()
        stopped = again.recipient_ids.sorted('id')[:2]
        stopped.sudo().write({'handover_token': 'a-run-that-died'})
        self.smsbox.requests.clear()
        self._run_job(batch_size=2)
        self.assertEqual(self.smsbox.posted_ids(), (again.recipient_ids - stopped).mapped('sms_uuid'))
        self.assertEqual(set(stopped.mapped('state')), {'sent'})
        self.assertIn("not sent again", stopped[0].reason)
        self.assertFalse(any(again.recipient_ids.mapped('handover_token')))
        self.assertEqual(again.state, 'done')
        # their delivery report settles them
        self.env['kam.sms.recipient']._kam_status_from_gateway(
            {stopped[0].sms_uuid: ('delivered', '')}, self.company)
        self.assertEqual((stopped[0].state, stopped[0].reason), ('delivered', False))
        self._run_job()
        self.assertEqual(len(self.smsbox.requests), 1, "a third run hands nothing over")

    def test_job_query_count_does_not_grow_with_the_batch(self):
        self.company.kam_sms_batch_size = 100
        members = self.env['kam.member'].create([{
            'name': f"成员{i}", 'mobile': f"1380571{3000 + i}", 'partner_id': self.group_b.id,
            'product_id': self.plan.id} for i in range(30)])
        self.assertEqual(len(members), 30)

        def run(count):
            send = self.Send.with_user(self.user_kam_other).create({
                'name': "Notice", 'audience': 'members', 'body': "{name}您好",
                'account_ids': [(6, 0, self.group_b.ids)]})
            send.action_send()
            send.recipient_ids[count:].sudo().write({'state': 'cancel'})
            self.env.invalidate_all()
            with self._cron_commits():
                queries = self._count_queries(lambda: self.Line._cron_kam_sms_send())
            self.assertEqual(send.sent_count, count)
            return queries
        run(2)  # caches warmed
        small, large = run(5), run(25)
        self.assertEqual(small, large, "the job's queries do not grow with the recipients")
        self.assertLessEqual(large, 60)

    def test_test_the_gateway_button(self):
        settings = self.env['res.config.settings'].create({})
        self.assertEqual(settings.kam_kannel_url, self.smsbox.url)
        action = settings.action_kam_kannel_test()
        self.assertEqual((action['tag'], action['params']['type']), ('display_notification', 'success'))
        self.assertIn("400: Missing receiver number", action['params']['message'])
        self.assertFalse(self.smsbox.requests, "the test sends no SMS")
        ok, message = kannel_probe(self.env, self.smsbox.url, KANNEL_USER, "wrong")
        self.assertFalse(ok)
        self.assertIn("refused the username or password", message)
        ok, message = kannel_probe(self.env, 'http://127.0.0.1:9/cgi-bin/sendsms', KANNEL_USER, "x")
        self.assertEqual((ok, message), (
            False, "Kannel's smsbox could not be reached at http://127.0.0.1:9/cgi-bin/sendsms."))
        self.assertFalse(kannel_probe(self.env, 'ftp://x', KANNEL_USER, "x")[0])
