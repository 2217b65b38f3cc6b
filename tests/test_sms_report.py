from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.key_account_management.models.kam_kannel_api import kannel_inbound_url, kannel_token

from .common_sms import DLR_SECRET, KANNEL_PASSWORD, KANNEL_USER, KamSmsCommon

OTHER_SECRET = 'another-company-secret'


@tagged('post_install', '-at_install')
class TestKannelCallbacks(HttpCase, KamSmsCommon):
    """The routes Kannel calls, over HTTP, with two companies on their own
    Kannel: delivery reports (dlr-url) and replies (sms-service get-url),
    each authenticated by the company's token; a report changes only the
    company's own SMS, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env['res.company'].create({
            'name': "华南通信", 'kam_kannel_url': cls.smsbox.url, 'kam_kannel_username': KANNEL_USER,
            'kam_kannel_password': KANNEL_PASSWORD, 'kam_kannel_dlr_secret': OTHER_SECRET,
            'kam_sms_provider': 'kannel'})

    def _sent(self):
        send = self._send(audience='members')
        send.action_send()
        with self._cron_commits():
            self.Line._cron_kam_sms_send()
        return send.recipient_ids.sorted('id')

    def _dlr(self, uuid, status, company=None, secret=DLR_SECRET):
        company = company or self.company
        token = kannel_token(secret, company.id, uuid)
        with mute_logger('odoo.addons.key_account_management.controllers.kam_kannel'):
            return self.url_open(f'/kam/sms/kannel/dlr/{company.id}/{uuid}/{token}?status={status}')

    def _state(self, line):
        line.invalidate_recordset()
        sms = self.env['sms.sms'].search([('uuid', '=', line.sms_uuid)])
        return line.state, sms.state

    def test_reports_move_the_states_once(self):
        first, second, third = self._sent()
        self.assertEqual(self._state(first), ('sent', 'pending'))
        # accepted by the SMSC: nothing new
        self.assertEqual(self._dlr(first.sms_uuid, 8).text, 'OK')
        self.assertEqual(self._state(first), ('sent', 'pending'))
        # delivered, twice
        for _run in range(2):
            self.assertEqual(self._dlr(first.sms_uuid, 1).status_code, 200)
            self.assertEqual(self._state(first), ('delivered', 'sent'))
        # failed at the handset, rejected by the SMSC
        self._dlr(second.sms_uuid, 2)
        self._dlr(third.sms_uuid, 16)
        self.assertEqual(self._state(second), ('failed', 'error'))
        self.assertEqual(self._state(third), ('failed', 'error'))
        self.assertEqual(second.reason, "Not delivered (Kannel report 2)")
        send = first.send_id
        self.assertEqual((send.delivered_count, send.failed_count), (1, 2))
        # a late report never undoes the final one
        self._dlr(first.sms_uuid, 2)
        self._dlr(second.sms_uuid, 1)
        self.assertEqual(self._state(first)[0], 'delivered')
        self.assertEqual(self._state(second)[0], 'failed')
        self.assertTrue(self.env['sms.sms'].search([('uuid', '=', first.sms_uuid)]).to_delete)

    def test_reports_are_authenticated(self):
        first = self._sent()[0]
        uuid = first.sms_uuid
        # a forged token, a token of another SMS, of another company's secret
        self.assertEqual(self._dlr(uuid, 1, secret='forged').status_code, 403)
        token_other_sms = kannel_token(DLR_SECRET, self.company.id, 'a' * 32)
        response = self.url_open(f'/kam/sms/kannel/dlr/{self.company.id}/{uuid}/{token_other_sms}?status=1')
        self.assertEqual(response.status_code, 403)
        # the other company's own valid report on this company's SMS
        self.assertEqual(self._dlr(uuid, 1, company=self.other_company, secret=OTHER_SECRET).text, 'OK')
        self.assertEqual(self._state(first), ('sent', 'pending'))
        # a company on Odoo IAP takes no Kannel report
        self.other_company.kam_sms_provider = 'iap'
        self.assertEqual(self._dlr(uuid, 1, company=self.other_company, secret=OTHER_SECRET).status_code, 403)
        # bad requests
        self.assertEqual(self._dlr(uuid, 'x').status_code, 400)
        self.assertEqual(self._dlr(uuid, 99).status_code, 400)
        self.assertEqual(self._dlr('not-a-uuid', 1).status_code, 404)
        self.assertEqual(self._state(first), ('sent', 'pending'))

    def _inbound(self, sender, text, company=None):
        url = kannel_inbound_url((company or self.company).sudo()).replace(
            '?from=%p&to=%P&text=%a', '')
        with mute_logger('odoo.addons.key_account_management.controllers.kam_kannel'):
            return self.url_open(url.replace(self.company.get_base_url(), ''),
                                 data={'from': sender, 'to': '1065712345', 'text': text})

    def _blacklisted(self, number):
        return bool(self.env['phone.blacklist'].sudo().with_context(active_test=True).search(
            [('number', '=', number)]))

    def test_td_reply_blacklists_the_sender(self):
        cases = (("13805710001", " td ", True), ("+8613905712288", "退 订", True),
                 ("8613757163301", "TD\n", True), ("13805712001", "TD please", False),
                 ("13805712002", "好的", False), ("0571-88886666", "TD", False))
        for sender, text, blacklisted in cases:
            with self.subTest(sender=sender, text=text):
                response = self._inbound(sender, text)
                self.assertEqual((response.status_code, response.text), (200, ''))
                number = "+86" + sender[-11:] if sender[-11:].startswith('1') else sender
                self.assertEqual(self._blacklisted(number), blacklisted)
        # the next group SMS skips them
        send = self._send(audience='members')
        send.action_preview()
        self.assertEqual(set(send.recipient_ids.mapped('state')), {'optout'})
        # a forged address changes nothing
        token = kannel_token('forged', self.company.id, 'inbound')
        response = self.url_open(f'/kam/sms/kannel/inbound/{self.company.id}/{token}',
                                 data={'from': '15158112004', 'text': 'TD'})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._blacklisted('+8615158112004'))
