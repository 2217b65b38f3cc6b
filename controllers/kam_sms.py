import json
import logging

from odoo.http import Controller, Response, request, route

from ..models.kam_sms_api import SIGNATURE_HEADER, check_gateway_signature
from ..models.res_company_sms import KAM_SMS_GATEWAY

_logger = logging.getLogger(__name__)

REPORT_STATES = ('delivered', 'failed')
# a report of several thousand statuses fits well within it
MAX_REPORT_BYTES = 1024 * 1024


class KamSmsController(Controller):
    """Delivery reports of the operator's SMS gateway (see
    docs/integrators.md, "SMS gateway protocol")::

        POST /kam/sms/status   X-Kam-Signature: hex HMAC-SHA256(secret, body)
        {"account": "...", "statuses": [{"id": "<uuid>", "state": "delivered"|"failed",
                                         "reason": "..."}]}

    The raw body is checked against the secrets of the companies sending
    through a gateway before anything in it is read; the account names
    which of the signing companies the report is for, and the report
    changes only that company's SMS. A report sent again changes nothing
    (the gateway may repeat it). Anything else is answered with a 4xx."""

    @route('/kam/sms/status', type='http', auth='public', methods=['POST'], csrf=False,
           save_session=False)
    def kam_sms_status(self, **_kwargs):
        httprequest = request.httprequest
        if httprequest.content_length is None:
            return self._answer({'error': 'length required'}, 411)
        if httprequest.content_length > MAX_REPORT_BYTES:
            return self._answer({'error': 'too large'}, 413)
        payload = httprequest.get_data()
        signature = httprequest.headers.get(SIGNATURE_HEADER, '')
        signing = request.env['res.company'].sudo().search(
            [('kam_sms_provider', '=', KAM_SMS_GATEWAY)]).filtered(
            lambda company: check_gateway_signature(
                company.kam_sms_gateway_secret, payload, signature))
        if not signing:
            _logger.warning("SMS gateway report refused: bad signature")
            return self._answer({'error': 'forbidden'}, 403)
        report = self._parse(payload)
        if report is None:
            return self._answer({'error': 'bad request'}, 400)
        account, uuid_states = report
        company = signing.filtered(lambda c: c.kam_sms_gateway_account == account)
        if len(company) != 1:
            _logger.warning("SMS gateway report refused: the account is not the signer's")
            return self._answer({'error': 'forbidden'}, 403)
        env = request.env(su=True)
        known = env['sms.sms']._kam_status_from_gateway(uuid_states, company)
        known |= env['kam.sms.recipient']._kam_status_from_gateway(uuid_states, company)
        env['sms.sms'].search([('uuid', 'in', list(known)), ('to_delete', '=', False),
                               ('state', 'in', ('sent', 'error'))]).to_delete = True
        return self._answer({'updated': sorted(known)}, 200)

    def _parse(self, payload):
        """``(account, {uuid: (state, reason)})`` of a signed report, or
        None when it is not the expected shape (statuses of another state
        are left out)."""
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get('account'), str) \
                or not isinstance(data.get('statuses'), list):
            return None
        uuid_states = {}
        for status in data['statuses']:
            if not isinstance(status, dict) or not isinstance(status.get('id'), str) \
                    or not isinstance(status.get('reason', ''), (str, type(None))):
                return None
            if status.get('state') in REPORT_STATES:
                uuid_states[status['id']] = (status['state'], (status.get('reason') or '')[:500])
        return data['account'], uuid_states

    def _answer(self, body, status):
        return Response(json.dumps(body), status=status, content_type='application/json')
