"""SMS text helpers: how many segments (billed parts) a text takes, and the
placeholders of a group send.

An SMS in the GSM 03.38 alphabet carries 160 characters, or 153 per part
when it is split (the rest of each part holds the concatenation header);
any other character (Chinese, emoji…) makes the whole text UCS-2: 70
characters, or 67 per part."""
import math
import re

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
# these take two septets (an escape and the character)
GSM7_EXTENDED = set("^{}\\[~]|€\f")

PLACEHOLDER = re.compile(r'\{(name|company)\}')


def sms_encoding(text):
    """'gsm7' when every character of ``text`` is in the GSM alphabet, else 'ucs2'."""
    return 'gsm7' if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text or '') else 'ucs2'


def sms_length(text):
    """Characters ``text`` takes in its encoding (GSM extended ones count twice)."""
    text = text or ''
    if sms_encoding(text) == 'gsm7':
        return sum(2 if c in GSM7_EXTENDED else 1 for c in text)
    # UCS-2 counts UTF-16 code units: characters beyond the BMP take two
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def sms_segments(text):
    """Billed segments of ``text``: 1 for up to 160 GSM-7 / 70 UCS-2
    characters, else ceil(length / 153) or ceil(length / 67); 0 when empty."""
    length = sms_length(text)
    if not length:
        return 0
    single, part = (160, 153) if sms_encoding(text) == 'gsm7' else (70, 67)
    return 1 if length <= single else math.ceil(length / part)


def render_placeholders(body, name, company):
    """``body`` with {name} and {company} replaced; other braces stay as typed."""
    values = {'name': name or '', 'company': company or ''}
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], body or '')


def signed_content(body, signature):
    """The text the handset shows: the operator's signature (such as
    【华东通信】) first, as Chinese carriers require, then the message."""
    signature = (signature or '').strip()
    return f"{signature}{body}" if signature else body


def with_opt_out(body, opt_out):
    """``body`` followed by the opt-out text (such as 回复TD退订) that Chinese
    carriers require in every marketing SMS; a space between them only
    after a Latin character."""
    body = (body or '').rstrip()
    if not opt_out:
        return body
    separator = ' ' if body and ord(body[-1]) < 0x2E80 else ''
    return f"{body}{separator}{opt_out}"
