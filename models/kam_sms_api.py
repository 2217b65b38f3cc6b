"""The operator's own SMS gateway as an Odoo SMS provider (next to Odoo's
IAP), plugged in like ``sms_twilio`` through ``res.company._get_sms_api_class``.

Protocol (see docs/integrators.md, "SMS gateway protocol"): one JSON POST per
batch to the company's gateway URL::

    {"account": "...", "sender": "...", "timestamp": 1764130000,
     "messages": [{"id": "<sms.sms uuid>", "number": "13812345678",
                   "content": "【华东通信】..."}]}

with the header ``X-Kam-Signature``: the hex HMAC-SHA256 of the raw body
with the company's secret. The gateway answers::

    {"results": [{"id": "...", "state": "sent" | "error",
                  "code": "invalid_number" | "no_credit" | "auth" | "...",
                  "reason": "free text"}]}

``id`` is the idempotency key: a gateway seeing an id again answers with the
first result and does not send it again."""
import hashlib
import hmac
import json
import logging
import time

import requests

from odoo.addons.sms.tools.sms_api import SmsApiBase

from odoo.exceptions import ValidationError

from .kam_phone import normalize_cn_mobile
from .kam_sms_text import signed_content

_logger = logging.getLogger(__name__)

SIGNATURE_HEADER = 'X-Kam-Signature'
GATEWAY_TIMEOUT = 10

# gateway error codes -> provider states of Odoo's sms (see PROVIDER_TO_SMS_FAILURE_TYPE)
GATEWAY_CODE_TO_STATE = {
    'invalid_number': 'wrong_number_format',
    'no_number': 'sms_number_missing',
    'no_credit': 'insufficient_credit',
    'auth': 'unregistered',
    'server_error': 'server_error',
}


def gateway_signature(secret, payload):
    """Hex HMAC-SHA256 of ``payload`` (bytes) with ``secret``."""
    return hmac.new((secret or '').encode(), payload, hashlib.sha256).hexdigest()


def check_gateway_signature(secret, payload, signature):
    """Whether ``signature`` signs ``payload`` with ``secret`` (constant time)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(gateway_signature(secret, payload), signature)


class KamSmsGatewayApi(SmsApiBase):
    """Sends Odoo's ``sms.sms`` batches to the company's HTTP gateway."""

    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        'insufficient_credit': 'sms_credit',
        'unregistered': 'sms_acc',
    }

    def _gateway_number(self, number):
        """Chinese mobiles as their 11 digits (as the gateway expects
        them), any other number as Odoo formatted it."""
        try:
            return normalize_cn_mobile(self.env, number)
        except ValidationError:
            return number or ''

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        """``messages`` as Odoo groups them ([{content, numbers: [{uuid,
        number}]}]) in one POST; returns [{uuid, state, failure_reason}]
        with Odoo's provider states: 'success' for a message the gateway
        took, an error state otherwise. A gateway that cannot be reached or
        answers badly fails the whole batch as a server error (retried)."""
        company = self.company.sudo()
        items = [{
            'id': number['uuid'],
            'number': self._gateway_number(number['number']),
            'content': signed_content(message['content'], company.kam_sms_signature),
        } for message in messages for number in message['numbers']]
        payload = json.dumps({
            'account': company.kam_sms_gateway_account or '',
            'sender': company.kam_sms_sender or '',
            'timestamp': int(time.time()),
            'messages': items,
        }, ensure_ascii=False).encode()
        try:
            response = requests.post(
                company.kam_sms_gateway_url, data=payload, timeout=GATEWAY_TIMEOUT, headers={
                    'Content-Type': 'application/json; charset=utf-8',
                    SIGNATURE_HEADER: gateway_signature(company.kam_sms_gateway_secret, payload),
                })
            response.raise_for_status()
            answers = {answer.get('id'): answer for answer in response.json().get('results', [])
                       if isinstance(answer, dict)}
        except (requests.exceptions.RequestException, ValueError, AttributeError) as error:
            _logger.warning("SMS gateway %s failed for %s messages: %s",
                            company.kam_sms_gateway_url, len(items), error)
            reason = self.env._("Gateway unreachable or invalid answer: %(error)s",
                                error=str(error)[:200])
            return [{'uuid': item['id'], 'state': 'server_error', 'failure_reason': reason}
                    for item in items]
        results = []
        for item in items:
            answer = answers.get(item['id'])
            if answer is None:
                results.append({'uuid': item['id'], 'state': 'server_error',
                                'failure_reason': self.env._("The gateway did not answer for this message.")})
            elif answer.get('state') == 'sent':
                results.append({'uuid': item['id'], 'state': 'success', 'failure_reason': False})
            else:
                results.append({
                    'uuid': item['id'],
                    'state': GATEWAY_CODE_TO_STATE.get(answer.get('code'), 'rejected'),
                    'failure_reason': str(answer.get('reason') or answer.get('code')
                                          or self.env._("Refused by the gateway"))[:500],
                })
        return results
