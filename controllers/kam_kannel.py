import logging
import re

from odoo.exceptions import ValidationError
from odoo.http import Controller, Response, request, route

from ..models.kam_kannel_api import DLR_OUTCOME, DLR_ROUTE, INBOUND_ROUTE, check_kannel_token
from ..models.kam_phone import normalize_cn_mobile
from ..models.res_company_sms import KAM_SMS_KANNEL

_logger = logging.getLogger(__name__)

UUID_PATTERN = re.compile(r'^[0-9a-f]{32}$')
# the replies Chinese carriers require marketing SMS to honour (回复TD退订),
# and the international one
OPT_OUT_WORDS = {'TD', '退订', 'STOP'}


class KamKannelController(Controller):
    """The addresses Kannel calls (see docs/integrators.md, "Routes Kannel
    calls"): each carries the company and an HMAC token of the company's
    DLR secret, checked before anything else is read; a wrong token, an
    unknown company or one not sending through Kannel get a 403 and change
    nothing."""

    def _company(self, company_id, key, token):
        """The company whose Kannel signed ``token`` for ``key``, or None."""
        company = request.env['res.company'].sudo().browse(company_id).exists()
        if not company or company.kam_sms_provider != KAM_SMS_KANNEL \
                or not check_kannel_token(company.kam_kannel_dlr_secret, company.id, key, token):
            _logger.warning("Kannel callback refused: bad token for company %s", company_id)
            return None
        return company

    def _answer(self, text, status=200):
        return Response(text, status=status, content_type='text/plain; charset=utf-8')

    @route(f'{DLR_ROUTE}/<int:company_id>/<string:uuid>/<string:token>', type='http',
           auth='public', methods=['GET', 'POST'], csrf=False, save_session=False)
    def kam_kannel_dlr(self, company_id, uuid, token, status=None, **_kwargs):
        """A delivery report (Kannel's ``dlr-url`` with ``status=%d``): 1
        delivered, 2 failed, 8 accepted by the SMSC, 16 rejected by it. A
        report changes only the company's own SMS; a report seen again, or
        one that comes after the final one, changes nothing."""
        if not UUID_PATTERN.match(uuid):
            return self._answer('not found', 404)
        company = self._company(company_id, uuid, token)
        if company is None:
            return self._answer('forbidden', 403)
        try:
            outcome = DLR_OUTCOME.get(int(status))
        except (TypeError, ValueError):
            outcome = None
        if outcome is None:
            return self._answer('bad status', 400)
        if outcome == 'accepted':  # the SMS is already "sent" since smsbox took it
            return self._answer('OK')
        reason = request.env._("Not delivered (Kannel report %s)", status) \
            if outcome == 'failed' else ''
        env = request.env(su=True)
        states = {uuid: (outcome, reason)}
        known = env['sms.sms']._kam_status_from_gateway(states, company)
        known |= env['kam.sms.recipient']._kam_status_from_gateway(states, company)
        env['sms.sms'].search([('uuid', 'in', list(known)), ('to_delete', '=', False),
                               ('state', 'in', ('sent', 'error'))]).to_delete = True
        return self._answer('OK')

    @route(f'{INBOUND_ROUTE}/<int:company_id>/<string:token>', type='http', auth='public',
           methods=['GET', 'POST'], csrf=False, save_session=False)
    def kam_kannel_inbound(self, company_id, token, text='', **kwargs):
        """A message a recipient sent (Kannel's ``sms-service`` with
        ``get-url``, ``from=%p&text=%a``): "TD", "退订" or "STOP", in any
        case and spacing, puts the sender's number on Odoo's SMS blacklist
        and withdraws its consents to marketing SMS, at once. The answer is
        empty: Kannel sends no reply."""
        company = self._company(company_id, 'inbound', token)
        if company is None:
            return self._answer('forbidden', 403)
        words = re.sub(r'\s+', '', text or '').upper()
        if words in OPT_OUT_WORDS:
            env = request.env(su=True)
            sender = re.sub(r'^(?:00|\+)?86(?=1\d{10}$)', '+86', (kwargs.get('from') or '').strip())
            try:
                number = normalize_cn_mobile(env, sender)
            except ValidationError:
                _logger.info("Kannel opt-out from a number that is not a Chinese mobile: ignored")
                return self._answer('')
            message = env._("Opted out by SMS reply to %s.", company.name)
            env['phone.blacklist']._add([f'+86{number}'], message=message)
            env['kam.sms.consent']._kam_withdraw_number(number, message)
        return self._answer('')
