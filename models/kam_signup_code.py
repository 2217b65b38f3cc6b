import hashlib
import hmac
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .kam_sms_text import signed_content

# ir.config_parameter keys of the sign-up settings and their defaults
SIGNUP_PARAMS = {
    'code_minutes': ('key_account_management.signup_code_minutes', 10),
    'code_tries': ('key_account_management.signup_code_tries', 5),
    'number_limit': ('key_account_management.signup_number_limit', 3),
    'address_limit': ('key_account_management.signup_address_limit', 10),
}
CODE_DIGITS = 6


def signup_setting(env, key):
    """The sign-up setting ``key`` (a key of SIGNUP_PARAMS), at least 1."""
    param, default = SIGNUP_PARAMS[key]
    try:
        value = int(env['ir.config_parameter'].sudo().get_param(param, default))
    except (TypeError, ValueError):
        value = default
    return max(value, 1)


class KamSignupCode(models.Model):
    """A one-time code texted to the mobile number of a public sign-up: only
    its keyed hash is stored, it expires after the configured minutes and
    takes a few tries. The codes of the last hour are also the rate limits'
    bookkeeping: so many per number and per address, counted in the
    database so that every worker sees them. Only the system reads them."""
    _name = 'kam.signup.code'
    _description = "Sign-up Verification Code"
    _order = 'id desc'

    request_id = fields.Many2one(
        'kam.signup.request', "Application", required=True, index=True, ondelete='cascade',
        help="The sign-up whose mobile number the code verifies.")
    mobile = fields.Char(
        required=True, index=True,
        help="The 11-digit number the code was texted to (rate limit per number).")
    ip_address = fields.Char(
        "Address", index=True,
        help="The internet address the code was asked from (rate limit per address).")
    code_hash = fields.Char(
        required=True, help="Keyed hash of the code; the code itself is never stored.")
    expires_at = fields.Datetime(
        required=True, help="After this the code is refused; the applicant asks for a new one.")
    tries = fields.Integer(help="Wrong codes typed for this code so far.")
    used = fields.Boolean(
        help="The code verified the number, or a newer code replaced it: it is refused.")

    # ------------------------------------------------------------
    # Codes
    # ------------------------------------------------------------

    @api.autovacuum
    def _gc_old_codes(self):
        """The rate limits look one hour back: codes older than a day (and
        the numbers they hold) are deleted."""
        self.sudo().search([('create_date', '<', fields.Datetime.now() - timedelta(days=1))]).unlink()

    @api.model
    def _kam_hash(self, mobile, code):
        secret = self.env['ir.config_parameter'].sudo().get_param('database.secret') or ''
        return hmac.new(secret.encode(), f"{mobile}:{code}".encode(), hashlib.sha256).hexdigest()

    @api.model
    def _kam_check_rate(self, mobile, ip_address):
        """Refuse a new code when the number or the address had as many
        codes in the last hour as the settings allow. A transaction lock per
        number and per address keeps two workers from both passing."""
        for key in filter(None, (mobile, ip_address)):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))",
                                    f"kam.signup:{key}"))
        since = fields.Datetime.now() - timedelta(hours=1)
        Code = self.sudo()
        if Code.search_count([('mobile', '=', mobile), ('create_date', '>=', since)]) \
                >= signup_setting(self.env, 'number_limit'):
            raise UserError(self.env._(
                "Too many codes were sent to this mobile number in the last hour: please try "
                "again later."))
        if ip_address and Code.search_count(
                [('ip_address', '=', ip_address), ('create_date', '>=', since)]) \
                >= signup_setting(self.env, 'address_limit'):
            raise UserError(self.env._(
                "Too many applications came from your network in the last hour: please try "
                "again later."))

    @api.model
    def _kam_issue(self, application, ip_address):
        """A new code for ``application`` (its earlier codes no longer
        count), texted through the company's SMS provider. Returns the
        code record; the plain code lives only in the SMS."""
        self._kam_check_rate(application.mobile, ip_address)
        Code = self.sudo()
        Code.search([('request_id', '=', application.id), ('used', '=', False)]).write(
            {'used': True})
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        minutes = signup_setting(self.env, 'code_minutes')
        record = Code.create({
            'request_id': application.id, 'mobile': application.mobile,
            'ip_address': ip_address or False, 'code_hash': self._kam_hash(application.mobile, code),
            'expires_at': fields.Datetime.now() + timedelta(minutes=minutes),
        })
        company = application.company_id
        env = self.with_context(lang=application.lang or self.env.lang).env
        body = env._("Your verification code is %(code)s, valid for %(minutes)s minutes. "
                     "Do not share it with anyone.", code=code, minutes=minutes)
        self.env['sms.sms'].sudo().create({
            'number': application.mobile, 'kam_company_id': company.id,
            'body': signed_content(body, company.sudo().kam_sms_signature),
        })
        self.env.ref('sms.ir_cron_sms_scheduler_action').sudo()._trigger()
        return record

    def _kam_check(self, code):
        """(True, '') when ``code`` is this code; else (False, why) after
        counting the try. The last code of an application only."""
        self.ensure_one()
        if self.used:
            return False, self.env._("This code is no longer valid: ask for a new code.")
        if self.expires_at < fields.Datetime.now():
            return False, self.env._("The code has expired: ask for a new code.")
        allowed = signup_setting(self.env, 'code_tries')
        if self.tries >= allowed:
            return False, self.env._("Too many wrong codes: ask for a new code.")
        if hmac.compare_digest(self.code_hash, self._kam_hash(self.mobile, (code or '').strip())):
            self.sudo().used = True
            return True, ''
        self.sudo().tries += 1
        left = allowed - self.tries
        if not left:
            return False, self.env._("Too many wrong codes: ask for a new code.")
        return False, self.env._("The code is wrong (tries left: %s).", left)
