"""What people and integrators type into the addon's records, checked before
Odoo converts it: a value of the wrong type (an id given as "abc", a date
written 31/12/2026, an unknown choice), a number PostgreSQL cannot hold or no
business would reach, a text longer than any real one, an e-mail that is no
address. Each gets a clear, translated ``ValidationError`` naming the field,
where Odoo would answer a ``ValueError`` or a database error (HTTP 500 over
JSON-2) or silently cut or store it.

``check_input(model, vals_list)`` is called at the top of the ``create`` and
``write`` of the models people and integrators fill; the limits of every
field are in this file."""
import math
import re

from odoo import fields
from odoo.api import NewId
from odoo.exceptions import ValidationError
from odoo.models import MAGIC_COLUMNS, BaseModel

# PostgreSQL's integer: record ids and Integer fields
INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1
# amounts, fees, quantities: far above any contract of the operator, far
# below what the columns and the sums over a group can hold
MAX_NUMBER = 10 ** 12

# longest text by type of field, unless MAX_LENGTH says otherwise
TYPE_MAX_LENGTH = {'char': 256, 'text': 10_000, 'html': 100_000}
# longest text of named fields, by model
MAX_LENGTH = {
    'res.partner': {'kam_external_ref': 64},
    'kam.contract': {'name': 64, 'title': 256, 'external_ref': 64, 'reminder_steps': 64,
                     'payment_terms': 5_000, 'termination_reason': 5_000},
    'kam.contract.line': {'name': 256},
    'kam.member': {'name': 100, 'mobile': 40, 'department': 100, 'job_title': 100,
                   'email': 254, 'external_ref': 64, 'note': 5_000},
    'kam.service.request': {'external_ref': 64, 'contact_phone': 40, 'description': 10_000,
                            'reject_reason': 5_000},
    'kam.service.request.line': {'member_name': 100, 'mobile': 40, 'department': 100,
                                 'job_title': 100, 'email': 254, 'number': 64, 'note': 256},
    'kam.sms.send': {'name': 256, 'body': 1_000},
    'kam.sms.consent': {'number': 40, 'note': 2_000},
    'kam.data.request': {'requester_name': 100, 'requester_number': 40, 'note': 5_000},
}
# char fields holding an e-mail address: one address, a domain with a dot
EMAIL_FIELDS = frozenset({'email'})
EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")


def check_input(model, vals_list, only=None):
    """Refuse the first value of ``vals_list`` (dicts of create or write
    values for ``model``) that has the wrong type for its field, is out of
    range or too long. ``only(field_name)``, when given, limits the check to
    the fields it accepts (e.g. the addon's own fields of a core model)."""
    limits = MAX_LENGTH.get(model._name, {})
    for vals in vals_list:
        for name, value in vals.items():
            field = model._fields.get(name)
            if field is None or name in MAGIC_COLUMNS or (only and not only(name)) \
                    or value is None or value is False:
                continue
            check = _CHECKS.get(field.type)
            if check:
                check(model, field, value, limits)


def _error(model, field, message, **params):
    return ValidationError(model.env._(
        "%(field)s: %(problem)s", field=field._description_string(model.env),
        problem=message, **params))


def _shown(value):
    """The caller's own value, shortened for a message."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _check_many2one(model, field, value, _limits):
    if isinstance(value, (BaseModel, NewId)) or (type(value) is int and 0 <= value <= INT_MAX):
        return
    raise _error(model, field, model.env._(
        "give the id of a record (a whole number), not “%s”.", _shown(value)))


def _check_integer(model, field, value, _limits):
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or isinstance(value, bool) or not INT_MIN <= number <= INT_MAX:
        raise _error(model, field, model.env._(
            "give a whole number between %(min)s and %(max)s, not “%(value)s”.",
            min=INT_MIN, max=INT_MAX, value=_shown(value)))


def _check_number(model, field, value, _limits):
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or isinstance(value, bool) or not math.isfinite(number) \
            or abs(number) > MAX_NUMBER:
        raise _error(model, field, model.env._(
            "give a number between -%(max)s and %(max)s, not “%(value)s”.",
            max=f"{MAX_NUMBER:,}", value=_shown(value)))


def _check_date(model, field, value, _limits):
    convert = fields.Datetime.to_datetime if field.type == 'datetime' else fields.Date.to_date
    try:
        convert(value)
    except (TypeError, ValueError):
        pattern = "YYYY-MM-DD HH:MM:SS" if field.type == 'datetime' else "YYYY-MM-DD"
        raise _error(model, field, model.env._(
            "give a date written %(pattern)s, not “%(value)s”.",
            pattern=pattern, value=_shown(value))) from None


def _check_selection(model, field, value, _limits):
    values = field.get_values(model.env)
    if value not in values:
        labels = dict(field._description_selection(model.env))
        raise _error(model, field, model.env._(
            "give one of %(choices)s, not “%(value)s”.",
            choices=", ".join(f"{key} ({labels.get(key, key)})" for key in values),
            value=_shown(value)))


def _check_text(model, field, value, limits):
    env = model.env
    if not isinstance(value, str):
        raise _error(model, field, env._("give a text, not “%s”.", _shown(value)))
    # fields the code fills (read-only, computed) are its business
    maximum = limits.get(field.name, None if field.readonly else TYPE_MAX_LENGTH[field.type])
    if maximum and len(value) > maximum:
        raise _error(model, field, env._(
            "%(length)s characters is too long; %(max)s at most.",
            length=len(value), max=maximum))
    if field.name in EMAIL_FIELDS and value.strip() and not EMAIL_RE.match(value.strip()):
        raise _error(model, field, env._(
            "“%s” is not an e-mail address (name@example.com).", _shown(value)))


_CHECKS = {
    'many2one': _check_many2one,
    'integer': _check_integer,
    'float': _check_number,
    'monetary': _check_number,
    'date': _check_date,
    'datetime': _check_date,
    'selection': _check_selection,
    'char': _check_text,
    'text': _check_text,
    'html': _check_text,
}


def check_employees(records, fname):
    """Refuse a portal (share) user in the user field ``fname`` of
    ``records``: managers, team members and assignees are employees."""
    for record in records:
        user = record[fname].sudo()
        if user.share:
            raise ValidationError(records.env._(
                "%(user)s is a portal user: only employees can be the %(role)s.",
                user=user.name, role=records._fields[fname]._description_string(records.env)))
