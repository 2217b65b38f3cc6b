"""Kannel (the open-source SMS gateway: ``bearerbox`` talks SMPP to the
operator's SMSC, ``smsbox`` offers HTTP) as an Odoo SMS provider next to
Odoo's IAP, plugged in like ``sms_twilio`` through
``res.company._get_sms_api_class``.

Sending: one GET per message to smsbox's ``sendsms`` interface with the
company's ``sendsms-user`` (username, password), its sender, the 11-digit
number and the text in UTF-8 (``charset=UTF-8``); a text with any character
outside the GSM alphabet goes as UCS-2 (``coding=2``). Kannel splits a long
text into concatenated parts (UDH) the way the group SMS preview counts its
segments (153 GSM-7 or 67 UCS-2 characters per part), as long as the
``sendsms-user`` allows them (``max-messages``, ``concatenation``).

Delivery reports: each message asks for reports (``dlr-mask``) at a URL of
its own, ``/kam/sms/kannel/dlr/<company>/<sms uuid>/<token>?status=%d``,
where the token is the HMAC-SHA256 of the company and the uuid with the
company's DLR secret: only Kannel, who got the URL, can report on it, and
only on that message. Replies of recipients come to
``/kam/sms/kannel/inbound/<company>/<token>`` (a Kannel ``sms-service``)."""
import hashlib
import hmac
import logging
from urllib.parse import urlsplit

import requests

from odoo.exceptions import ValidationError

from odoo.addons.sms.tools.sms_api import SmsApiBase

from .kam_phone import normalize_cn_mobile
from .kam_sms_text import signed_content, sms_encoding

_logger = logging.getLogger(__name__)

KANNEL_TIMEOUT = 10
# Kannel's dlr-mask bits (see its user guide, "Delivery reports")
DLR_DELIVERED, DLR_FAILED, DLR_BUFFERED, DLR_SMSC_ACCEPTED, DLR_SMSC_REJECTED = 1, 2, 4, 8, 16
DLR_MASK = DLR_DELIVERED | DLR_FAILED | DLR_SMSC_ACCEPTED | DLR_SMSC_REJECTED
# what each report means for the message: delivered, failed, or nothing new
# (accepted by the SMSC: it was already "sent" when smsbox took it)
DLR_OUTCOME = {
    DLR_DELIVERED: 'delivered',
    DLR_FAILED: 'failed',
    DLR_SMSC_REJECTED: 'failed',
    DLR_SMSC_ACCEPTED: 'accepted',
    DLR_BUFFERED: 'accepted',
}
DLR_ROUTE = '/kam/sms/kannel/dlr'
INBOUND_ROUTE = '/kam/sms/kannel/inbound'


def kannel_token(secret, company_id, key):
    """Hex HMAC-SHA256 of ``<company id>:<key>`` with the company's DLR
    secret: ``key`` is the SMS uuid in a delivery report URL, 'inbound' in
    the URL of the replies."""
    message = f'{company_id}:{key}'.encode()
    return hmac.new((secret or '').encode(), message, hashlib.sha256).hexdigest()


def check_kannel_token(secret, company_id, key, token):
    """Whether ``token`` is the company's token for ``key`` (constant time)."""
    if not secret or not token:
        return False
    return hmac.compare_digest(kannel_token(secret, company_id, key), token)


def sendsms_params(company, number, text, dlr_url=None):
    """The query of smsbox's ``sendsms`` for one message of ``company``."""
    params = {
        'username': company.kam_kannel_username or '',
        'password': company.kam_kannel_password or '',
        'to': number,
        'text': text,
        'charset': 'UTF-8',
        'coding': 2 if sms_encoding(text) == 'ucs2' else 0,
    }
    if company.kam_sms_sender:
        params['from'] = company.kam_sms_sender
    if dlr_url:
        params.update({'dlr-mask': DLR_MASK, 'dlr-url': dlr_url})
    return params


def kannel_callback_base(company):
    """Where Kannel reaches this Odoo: the company's callback URL, else the
    web base URL."""
    return (company.kam_kannel_callback_url or company.get_base_url()).rstrip('/')


def kannel_inbound_url(company):
    """The ``get-url`` of the company's Kannel ``sms-service`` (replies)."""
    token = kannel_token(company.kam_kannel_dlr_secret, company.id, 'inbound')
    return (f'{kannel_callback_base(company)}{INBOUND_ROUTE}/{company.id}/{token}'
            '?from=%p&to=%P&text=%a')


def is_http_url(url):
    parts = urlsplit(url or '')
    return parts.scheme in ('http', 'https') and bool(parts.netloc)


class KamKannelApi(SmsApiBase):
    """Hands Odoo's ``sms.sms`` to the company's Kannel smsbox, one
    ``sendsms`` request per message."""

    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        'unregistered': 'sms_acc',
    }

    def _kannel_number(self, number):
        """Chinese mobiles as their 11 digits, any other number as Odoo
        formatted it (the SMSC's prefix rules are Kannel's)."""
        try:
            return normalize_cn_mobile(self.env, number)
        except ValidationError:
            return number or ''

    def _dlr_url(self, company, uuid):
        token = kannel_token(company.kam_kannel_dlr_secret, company.id, uuid)
        return f'{kannel_callback_base(company)}{DLR_ROUTE}/{company.id}/{uuid}/{token}?status=%d'

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        """``messages`` as Odoo groups them ([{content, numbers: [{uuid,
        number}]}]), each number one ``sendsms`` request; returns [{uuid,
        state, failure_reason}] with Odoo's provider states: 'success' for
        a message smsbox accepted (or queued), an error state otherwise.
        Once smsbox cannot be reached, the rest of the batch is not tried
        and fails as a server error (retried by the group SMS job)."""
        company = self.company.sudo()
        results = []
        unreachable = None
        with requests.Session() as session:
            for message in messages:
                text = signed_content(message['content'], company.kam_sms_signature)
                for item in message['numbers']:
                    uuid = item['uuid']
                    if unreachable:
                        results.append({'uuid': uuid, 'state': 'server_error',
                                        'failure_reason': unreachable})
                        continue
                    params = sendsms_params(company, self._kannel_number(item['number']), text,
                                            self._dlr_url(company, uuid))
                    try:
                        response = session.get(company.kam_kannel_url, params=params,
                                               timeout=KANNEL_TIMEOUT)
                    except requests.exceptions.RequestException as error:
                        # the error quotes the query: never log it (the password)
                        _logger.warning("Kannel smsbox %s unreachable (%s)",
                                        company.kam_kannel_url, type(error).__name__)
                        unreachable = self.env._("Kannel's smsbox could not be reached.")
                        results.append({'uuid': uuid, 'state': 'server_error',
                                        'failure_reason': unreachable})
                        continue
                    results.append(self._result(uuid, response))
        return results

    def _result(self, uuid, response):
        """Odoo's result of one ``sendsms`` answer: 202 "0: Accepted for
        delivery" or "3: Queued for later delivery" is a success; 403 is
        the sendsms-user refused; another 4xx a message smsbox rejects (its
        answer kept as the reason); anything else is retried."""
        answer = (response.text or '').strip()[:200]
        if response.status_code in (200, 202):
            return {'uuid': uuid, 'state': 'success', 'failure_reason': False}
        if response.status_code == 403:
            state = 'unregistered'
        elif 400 <= response.status_code < 500:
            state = 'wrong_number_format' if 'receiver' in answer.lower() else 'rejected'
        else:
            state = 'server_error'
        reason = self.env._("Kannel answered %(status)s: %(answer)s",
                            status=response.status_code, answer=answer)
        return {'uuid': uuid, 'state': state, 'failure_reason': reason}


def kannel_probe(env, url, username, password):
    """Ask smsbox's ``sendsms`` with these credentials and no receiver
    (nothing is sent): ``(ok, message)``, the message translated and
    saying what smsbox answered. A working smsbox with the right user
    answers 400 "Missing receiver number"; a wrong user gets 403."""
    if not is_http_url(url):
        return False, env._("The smsbox URL must start with http:// or https://.")
    try:
        response = requests.get(url, params={'username': username or '', 'password': password or ''},
                                timeout=KANNEL_TIMEOUT)
    except requests.exceptions.RequestException:
        return False, env._("Kannel's smsbox could not be reached at %s.", url)
    answer = (response.text or '').strip()[:200]
    if response.status_code == 403:
        return False, env._("Smsbox refused the username or password (it answered %(status)s: "
                            "%(answer)s).", status=response.status_code, answer=answer)
    if response.status_code == 400 and 'receiver' in answer.lower():
        return True, env._("Smsbox is reachable and accepts the username and password (it "
                           "answered %(status)s: %(answer)s).",
                           status=response.status_code, answer=answer)
    return False, env._("Smsbox answered %(status)s: %(answer)s. Is the URL the sendsms "
                        "interface (…/cgi-bin/sendsms)?", status=response.status_code,
                        answer=answer)
