import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..controllers.kam_sms import MAX_REPORT_BYTES
from ..models.kam_sms_api import SIGNATURE_HEADER, gateway_signature
from .common_sms import GATEWAY_ACCOUNT, GATEWAY_SECRET, KamSmsCommon

OTHER_ACCOUNT = 'hn-enterprise'
OTHER_SECRET = 'another-company-secret'


@tagged('post_install', '-at_install')
class TestSmsReportIntegrity(HttpCase, KamSmsCommon):
    """/kam/sms/status over HTTP with two companies on their own gateways:
    the signature is checked on the raw body first, a report changes only
    the signing company's SMS, anything malformed gets a 4xx."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env['res.company'].create({
            'name': "华南通信", 'kam_sms_gateway_url': cls.gateway.url,
            'kam_sms_gateway_account': OTHER_ACCOUNT, 'kam_sms_gateway_secret': OTHER_SECRET,
            'kam_sms_provider': 'kam_gateway'})

    def _post(self, body, secret=GATEWAY_SECRET):
        headers = {'Content-Type': 'application/json'}
        if secret:
            headers[SIGNATURE_HEADER] = gateway_signature(secret, body)
        with mute_logger('odoo.addons.key_account_management.controllers.kam_sms'):
            return self.url_open('/kam/sms/status', data=body, headers=headers)

    def _report(self, statuses, secret=GATEWAY_SECRET, account=GATEWAY_ACCOUNT):
        return self._post(json.dumps({'account': account, 'statuses': statuses}).encode(), secret)

    def _sent(self):
        send = self._send(audience='members')
        send.action_send()
        with self._cron_commits():
            self.Line._cron_kam_sms_send()
        return send.recipient_ids.sorted('id')

    def test_another_companys_gateway_changes_nothing(self):
        first = self._sent()[0]
        sms = self.env['sms.sms'].search([('uuid', '=', first.sms_uuid)])
        # handed to the gateway, waiting for its delivery report
        self.assertEqual((first.state, sms.state), ('sent', 'pending'))
        statuses = [{'id': first.sms_uuid, 'state': 'failed', 'reason': "空号"}]
        # the second company's gateway, signing with its own secret
        response = self._report(statuses, secret=OTHER_SECRET, account=OTHER_ACCOUNT)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {'updated': []})
        # its secret does not speak for the first company's account
        response = self._report(statuses, secret=OTHER_SECRET, account=GATEWAY_ACCOUNT)
        self.assertEqual(response.status_code, 403)
        first.invalidate_recordset()
        sms.invalidate_recordset()
        self.assertEqual((first.state, sms.state, sms.to_delete), ('sent', 'pending', False))
        # the first company's own report
        response = self._report(statuses)
        self.assertEqual(response.json(), {'updated': [first.sms_uuid]})
        first.invalidate_recordset()
        sms.invalidate_recordset()
        self.assertEqual((first.state, first.reason, sms.state), ('failed', "空号", 'error'))

    def test_malformed_reports_get_4xx(self):
        depth = 50000
        nested = (b'{"account": "%s", "statuses": ' % GATEWAY_ACCOUNT.encode()
                  + b'[' * depth + b']' * depth + b'}')
        cases = (
            (nested, 400),
            (json.dumps({'account': {'name': GATEWAY_ACCOUNT}, 'statuses': []}).encode(), 400),
            (json.dumps({'account': GATEWAY_ACCOUNT, 'statuses': "delivered"}).encode(), 400),
            (json.dumps({'account': GATEWAY_ACCOUNT,
                         'statuses': [{'id': 42, 'state': 'delivered'}]}).encode(), 400),
            (json.dumps({'account': GATEWAY_ACCOUNT,
                         'statuses': [{'id': "x", 'state': 'failed', 'reason': {}}]}).encode(), 400),
            (json.dumps([GATEWAY_ACCOUNT]).encode(), 400),
            (b'not json', 400),
        )
        for body, status in cases:
            with self.subTest(body=body[:60]):
                self.assertEqual(self._post(body).status_code, status)
                # unsigned: refused before the body is read
                self.assertEqual(self._post(body, secret=None).status_code, 403)
                self.assertEqual(self._post(body, secret="forged").status_code, 403)
        too_large = b' ' * (MAX_REPORT_BYTES + 1)
        self.assertEqual(self._post(too_large).status_code, 413)
