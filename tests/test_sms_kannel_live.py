import time

from odoo.tests import HttpCase, tagged
from odoo.tests.common import release_test_lock

from odoo.addons.key_account_management.models.kam_kannel_api import kannel_inbound_url, kannel_probe
from odoo.addons.key_account_management.models.kam_sms_text import signed_content

from .common_sms import KANNEL_PASSWORD, KANNEL_USER, KamSmsCommon
from .kannel_loopback import KannelError, KannelLoopback


@tagged('post_install', '-at_install')
class TestSmsKannelLive(HttpCase, KamSmsCommon):
    """A group SMS through a real Kannel (bearerbox, smsbox, fakesmsc as the
    SMSC, all on loopback): the messages reach the SMSC, long ones in
    concatenated parts, the delivery reports come back to Odoo and move
    the states, and a handset's "TD" puts its number on the blacklist.
    A Kannel that cannot be started fails the test."""

    def setUp(self):
        super().setUp()
        self.kannel = KannelLoopback(KANNEL_USER, KANNEL_PASSWORD,
                                     kannel_inbound_url(self.company.sudo()))
        self.addCleanup(self.kannel.stop)
        try:
            self.kannel.start()
        except (KannelError, OSError) as error:
            self.fail(f"Kannel could not be started: {error}")
        self.company.kam_kannel_url = self.kannel.sendsms_url
        # Kannel calls back without the test's cookie: let its requests in
        # (they wait for the test cursor until the test waits for them)
        self.http_request_allow_all = True
        self.addCleanup(setattr, self, 'http_request_allow_all', False)

    def _wait(self, condition, what, timeout=30):
        """Let Kannel's requests reach Odoo until ``condition()`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            self.env.invalidate_all()
            if condition():
                return
            if time.monotonic() > deadline:
                self.fail(f"{what} within {timeout}s; Kannel logs in {self.kannel.dir}")
            with release_test_lock():
                time.sleep(0.3)

    def test_group_sms_through_kannel(self):
        ok, message = kannel_probe(self.env, self.kannel.sendsms_url, KANNEL_USER, KANNEL_PASSWORD)
        self.assertTrue(ok, message)
        self.assertFalse(kannel_probe(self.env, self.kannel.sendsms_url, KANNEL_USER, "wrong")[0])
        # three members; a text of two UCS-2 segments each
        send = self._send(audience='members', body="{name}，" + "专线升级通知" * 12)
        send.action_send()
        self._run_job()
        lines = send.recipient_ids
        self.assertEqual(set(lines.mapped('state')), {'sent'})
        self.assertEqual(set(lines.mapped('segment_count')), {2})

        # the SMSC gets each message once, in the parts the preview counted
        self._wait(lambda: len(self.kannel.received()) >= 6, "the SMSC did not get 6 parts")
        time.sleep(0.5)
        received = self.kannel.received()
        self.assertEqual(len(received), 6)
        texts = {}
        for sender, receiver, udh, text in received:
            self.assertEqual(sender, '1065712345')
            self.assertTrue(udh, "a long message goes in concatenated parts")
            texts.setdefault(receiver, []).append((udh[-1], text))
        self.assertEqual(set(texts), set(lines.mapped('number')))
        signature = self.company.kam_sms_signature
        for line in lines:
            parts = sorted(texts[line.number])
            self.assertEqual(len(parts), line.segment_count)
            self.assertEqual("".join(text for _index, text in parts),
                             signed_content(line.body, signature))
            self.assertTrue(line.body.endswith(send._kam_opt_out_text()))

        # the delivery reports come back: delivered
        self._wait(lambda: set(lines.mapped('state')) == {'delivered'},
                   "the delivery reports did not mark the lines delivered")
        self.assertEqual(send.delivered_count, 3)
        sms = self.env['sms.sms'].search([('uuid', 'in', lines.mapped('sms_uuid'))])
        self.assertEqual(set(sms.mapped('state')), {'sent'})

        # a handset answers TD: its number goes on the blacklist
        Blacklist = self.env['phone.blacklist'].sudo()
        self.assertFalse(Blacklist.search([('number', '=', '+8613805710001')]))
        self.kannel.send_from_handset('13805710001', '1065712345', 'TD')
        self._wait(lambda: Blacklist.search([('number', '=', '+8613805710001')]),
                   "the TD reply did not blacklist the number")
        again = self._send(audience='members', body="{name}")
        again.action_preview()
        line = again.recipient_ids.filtered(lambda ln: ln.number == '13805710001')
        self.assertEqual(line.state, 'optout')
