"""Chinese mobile numbers, as group members and work orders store them: the
eleven digits of the national format ("13812345678"), whatever way people
type them ("+86 138-1234-5678", "138 1234 5678", "0086 13812345678")."""
import phonenumbers

from odoo import fields
from odoo.exceptions import ValidationError

CN_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def normalize_cn_mobile(env, value):
    """``value`` as the 11 digits of a valid mainland-China mobile number, or
    a translated ``ValidationError`` naming the value that is not one."""
    text = (value or '').strip() if isinstance(value, str) else str(value or '').strip()
    # phonenumbers reads letters as keypad digits ("13800abc000" → 13800222000):
    # a typo would become someone else's number
    if any(char.isalpha() for char in text):
        raise ValidationError(env._(
            "“%s” is not a valid Chinese mobile number: it may hold digits, spaces, "
            "+, - and brackets only.", text[:40]))
    try:
        number = phonenumbers.parse(text, 'CN')
    except phonenumbers.NumberParseException:
        number = None
    if (number is None or number.country_code != 86
            or not phonenumbers.is_valid_number_for_region(number, 'CN')
            or phonenumbers.number_type(number) not in CN_MOBILE_TYPES):
        if not text:
            raise ValidationError(env._("A mobile number is required."))
        raise ValidationError(env._(
            "“%s” is not a valid Chinese mobile number: give the 11 digits, e.g. "
            "138 1234 5678 or +86 138-1234-5678.", text[:40]))
    national = str(number.national_number)
    if len(national) != 11:
        raise ValidationError(env._(
            "“%s” is not a valid Chinese mobile number: give the 11 digits, e.g. "
            "138 1234 5678 or +86 138-1234-5678.", text[:40]))
    return national


def mask_phone(value):
    """``value`` with the digits between its first three and last four
    replaced by four stars ("13812345678" → "138****5678"); shorter numbers
    keep their last two digits only. Never gives back the digits hidden, and
    a masked value stays as it is."""
    if not value or '*' in value:
        return value
    digits = ''.join(char for char in value if char.isdigit())
    if len(digits) >= 8:
        return f"{digits[:3]}****{digits[-4:]}"
    return f"****{digits[-2:]}"


class MaskedPhone(fields.Char):
    """A phone number column that reads masked (see ``mask_phone``) for the
    users who do not serve the record's key account: the record decides by
    ``_kam_phone_shown()``. The value is masked where the ORM hands it out
    (``record.field``, read, search_read, web_read, export, reports,
    JSON-2), so that the full number never leaves the server for them;
    superuser code (sending, checks) reads it whole."""

    def convert_to_record(self, value, record):
        value = super().convert_to_record(value, record)
        if value and not record.env.su and record.id and not record._kam_phone_shown():
            return mask_phone(value)
        return value
