import json
import logging

from odoo.http import Controller, Response, request, route

from ..models.kam_sms_api import SIGNATURE_HEADER, check_gateway_signature

_logger = logging.getLogger(__name__)

REPORT_STATES = ('delivered', 'failed')


class KamSmsController(Controller):
    """Delivery reports of the operator's SMS gateway (see README, "SMS to
    customers and managers")::

        POST /kam/sms/status   X-Kam-Signature: hex HMAC-SHA256(secret, body)
        {"account": "...", "statuses": [{"id": "<uuid>", "state": "delivered"|"failed",
                                         "reason": "..."}]}

    The account names the company whose secret checks the signature. A
    report sent again changes nothing (the gateway may repeat it)."""

    @route('/kam/sms/status', type='http', auth='public', methods=['POST'], csrf=False,
           save_session=False)
    def kam_sms_status(self, **_kwargs):
        payload = request.httprequest.get_data()
        try:
            data = json.loads(payload)
            account = data['account']
            statuses = [status for status in data['statuses']
                        if status.get('state') in REPORT_STATES and isinstance(status.get('id'), str)]
        except (ValueError, KeyError, TypeError, AttributeError):
            return self._answer({'error': 'bad request'}, 400)
        companies = request.env['res.company'].sudo().search(
            [('kam_sms_provider', '=', 'kam_gateway'), ('kam_sms_gateway_account', '=', account)])
        signature = request.httprequest.headers.get(SIGNATURE_HEADER, '')
        if not account or len(companies) != 1 or not check_gateway_signature(
                companies.kam_sms_gateway_secret, payload, signature):
            _logger.warning("SMS gateway report refused: unknown account or bad signature")
            return self._answer({'error': 'forbidden'}, 403)
        uuid_states = {status['id']: (status['state'], str(status.get('reason') or '')[:500])
                       for status in statuses}
        env = request.env(su=True)
        known = env['sms.sms']._kam_status_from_gateway(uuid_states)
        known |= env['kam.sms.recipient']._kam_status_from_gateway(uuid_states)
        env['sms.sms'].search([('uuid', 'in', list(known)), ('to_delete', '=', False),
                               ('state', 'in', ('sent', 'error'))]).to_delete = True
        return self._answer({'updated': sorted(known)}, 200)

    def _answer(self, body, status):
        return Response(json.dumps(body), status=status, content_type='application/json')
