"""Chinese mobile numbers, as group members and work orders store them: the
eleven digits of the national format ("13812345678"), whatever way people
type them ("+86 138-1234-5678", "138 1234 5678", "0086 13812345678")."""
import phonenumbers

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
