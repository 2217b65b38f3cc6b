import json
from collections import Counter
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.key_account_management.models.kam_sms_api import SIGNATURE_HEADER, KamSmsGatewayApi, gateway_signature

from .common import KamCronCrash
from .common_sms import GATEWAY_ACCOUNT, GATEWAY_SECRET, KamSmsCommon


@tagged('post_install', '-at_install')
class TestSmsGateway(KamSmsCommon):
    """The operator's HTTP gateway as Odoo's SMS provider: batches, signature,
    HMAC, failures with the gateway's reason, bounded retries and exactly
    once under a crash."""

    def _queued(self, accounts=None, audience='members'):
        send = self._send(accounts or self.group_a, audience=audience)
        send.action_send()
        return send

    def test_provider_plugs_into_odoo_sms(self):
        self.assertIs(self.company._get_sms_api_class(), KamSmsGatewayApi)
        self.company.kam_sms_provider = 'iap'
        self.assertIsNot(self.company._get_sms_api_class(), KamSmsGatewayApi)
        with self.assertRaises(ValidationError):
            self.company.write({'kam_sms_provider': 'kam_gateway', 'kam_sms_gateway_url': 'ftp://x'})
        with self.assertRaises(ValidationError):
            self.company.kam_sms_batch_size = 0

    def test_batches_signature_and_hmac(self):
        # three members in A's group (one in the subsidiary): batches of 2
        send = self._queued()
        self._run_job()
        self.assertEqual([len(batch) for batch in self.gateway.batches], [2, 1])
        payload, signed = self.gateway.requests[0]
        self.assertTrue(signed)
        self.assertEqual((payload['account'], payload['sender']), (GATEWAY_ACCOUNT, '1065712345'))
        message = self.gateway.batches[0][0]
        self.assertTrue(message['content'].startswith('【华东通信】'), message['content'])
        contents = [m['content'] for batch in self.gateway.batches for m in batch]
        self.assertIn("【华东通信】陈明，华东能源集团有限公司的专线将于周六0-4点升级。", contents)
        self.assertIn("【华东通信】郑强，华东电力有限公司的专线将于周六0-4点升级。", contents)
        self.assertEqual(set(self.gateway.posted_ids()), set(send.recipient_ids.mapped('sms_uuid')))
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'sent'})
        self.assertEqual(send.state, 'done')
        self.assertEqual(send.sent_count, 3)
        # the gateway refuses what is not signed with the company's secret
        self.gateway.secret = 'another'
        try:
            send2 = self._queued()
            self._run_job()
            self.assertFalse(self.gateway.requests[-1][1])
            self.assertEqual(set(send2.recipient_ids.mapped('state')), {'queued'})
            self.assertIn("401", send2.recipient_ids[0].reason)
        finally:
            self.gateway.secret = GATEWAY_SECRET

    def test_failure_keeps_the_gateway_reason(self):
        self.gateway.refuse['13905712288'] = ('invalid_number', "空号")
        self.gateway.refuse['13805710001'] = ('blocked', "用户已退订")
        send = self._queued()
        self._run_job()
        lines = {line.number: line for line in send.recipient_ids}
        self.assertEqual((lines['13905712288'].state, lines['13905712288'].reason), ('failed', "空号"))
        self.assertEqual((lines['13805710001'].state, lines['13805710001'].reason),
                         ('failed', "用户已退订"))
        self.assertEqual(lines['13757163301'].state, 'sent')
        sms = self.env['sms.sms'].search([('uuid', '=', lines['13905712288'].sms_uuid)])
        self.assertEqual((sms.state, sms.failure_type, sms.kam_failure_reason),
                         ('error', 'sms_number_format', "空号"))
        self.assertEqual(send.failed_count, 2)
        # a refused message is final: a rerun posts nothing
        before = len(self.gateway.requests)
        self._run_job()
        self.assertEqual(len(self.gateway.requests), before)

    def test_chatter_sms_reason_on_its_notification(self):
        """An SMS of Odoo's own (a message on a record) goes through the
        gateway too, and its notification (tracker) shows the reason."""
        self.gateway.refuse['13805712001'] = ('invalid_number', "空号")
        message = self.contact_it._message_sms("测试", number_field='phone')
        sms = self.env['sms.sms'].search([('mail_message_id', '=', message.id)])
        self.assertTrue(sms.sms_tracker_id)
        self.assertEqual(len(self.gateway.requests), 1)
        notification = message.notification_ids
        self.assertEqual(notification.notification_status, 'exception')
        self.assertEqual(notification.failure_reason, "空号")
        self.assertEqual(sms.kam_failure_reason, "空号")

    def test_retries_are_bounded(self):
        self.gateway.down = True
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
        posted = len(self.gateway.requests)
        with freeze_time(start + timedelta(hours=9)):
            self._run_job()
        self.assertEqual(len(self.gateway.requests), posted, "no fourth attempt")

    def test_retry_after_an_outage_sends_only_what_was_not_sent(self):
        send = self._queued()
        first = send.recipient_ids.sorted('id')[:2]
        # the gateway goes down after the first batch
        now = fields.Datetime.now()
        first.sudo()._kam_send_batch(now)
        self.gateway.down = True
        self._run_job()
        self.assertEqual(set(first.mapped('state')), {'sent'})
        rest = send.recipient_ids - first
        self.assertEqual(rest.state, 'queued')
        self.gateway.down = False
        with freeze_time(now + timedelta(hours=1)):
            self._run_job()
        self.assertEqual(rest.state, 'sent')
        ids = self.gateway.posted_ids()
        for line in first:
            self.assertEqual(ids.count(line.sms_uuid), 1, "a sent message is never posted again")
        self.assertEqual(sorted(self.gateway.delivered), sorted(send.recipient_ids.mapped('sms_uuid')))

    def test_exactly_once_when_the_worker_dies_after_posting(self):
        send = self._queued()
        uuids = set(send.recipient_ids.mapped('sms_uuid'))
        # the worker dies before committing the first batch: Odoo forgets
        # it sent it, the gateway does not
        with self.assertRaises(KamCronCrash), self._cron_commits(crash_before=1):
            self.Line._cron_kam_sms_send(batch_size=2)
        self.assertEqual(len(self.gateway.requests), 1)
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'queued'})
        self._run_job(batch_size=2)
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'sent'})
        # the rerun posted the lost batch again under the same ids (the
        # gateway's idempotency key: it answered them without a second
        # delivery) and every other message once
        lost = [message['id'] for message in self.gateway.batches[0]]
        self.assertEqual(len(lost), 2)
        self.assertEqual(Counter(self.gateway.received), Counter(list(uuids) + lost))
        self.assertEqual(sorted(self.gateway.delivered), sorted(uuids))
        # within one run each id is posted once
        for payload, _signed in self.gateway.requests:
            ids = [message['id'] for message in payload['messages']]
            self.assertEqual(len(ids), len(set(ids)))
        self._run_job()
        self.assertEqual(len(self.gateway.received), len(uuids) + len(lost), "a third run posts nothing")

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


@tagged('post_install', '-at_install')
class TestSmsStatusCallback(HttpCase, KamSmsCommon):
    """/kam/sms/status: delivery reports, HMAC checked, idempotent."""

    def _report(self, statuses, secret=GATEWAY_SECRET, account=GATEWAY_ACCOUNT):
        body = json.dumps({'account': account, 'statuses': statuses}).encode()
        return self.url_open('/kam/sms/status', data=body, headers={
            'Content-Type': 'application/json', SIGNATURE_HEADER: gateway_signature(secret, body)})

    def test_reports_mark_delivered_and_failed(self):
        send = self._send(audience='members')
        send.action_send()
        with self._cron_commits():
            self.Line._cron_kam_sms_send()
        first, second, third = send.recipient_ids.sorted('id')
        statuses = [{'id': first.sms_uuid, 'state': 'delivered'},
                    {'id': second.sms_uuid, 'state': 'failed', 'reason': "关机"}]
        # a forged report changes nothing
        response = self._report(statuses, secret='forged')
        self.assertEqual(response.status_code, 403)
        response = self._report(statuses, account='someone-else')
        self.assertEqual(response.status_code, 403)
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'sent'})
        # the real one, twice
        for _run in range(2):
            response = self._report(statuses)
            self.assertEqual(response.status_code, 200)
            send.recipient_ids.invalidate_recordset()
            self.assertEqual((first.state, second.state, second.reason, third.state),
                             ('delivered', 'failed', "关机", 'sent'))
        self.assertEqual((send.delivered_count, send.failed_count), (1, 1))
        sms = self.env['sms.sms'].search([('uuid', '=', first.sms_uuid)])
        self.assertEqual((sms.state, sms.to_delete), ('sent', True))
        # a late "failed" never undoes a delivery
        self._report([{'id': first.sms_uuid, 'state': 'failed', 'reason': "x"}])
        first.invalidate_recordset()
        self.assertEqual(first.state, 'delivered')
        # an unsigned body is refused before it is read
        self.assertEqual(self.url_open('/kam/sms/status', data=b'not json').status_code, 403)
