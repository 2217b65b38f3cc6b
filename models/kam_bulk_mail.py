"""Chatter notes and activities made by the nightly jobs, each kind written
in one INSERT per chunk.

Odoo's create of a ``mail.message`` or ``mail.activity`` costs one to four
milliseconds per row without a query: it adds every new row, one document at
a time, to the cached one2manys of every model with a chatter
(``Many2oneReference._update_inverses``: 113 message fields and 30 activity
fields with this addon's dependencies). A chunk of 200 escalations spent
half its time there. The helpers below write the rows Odoo's create writes
(the values of ``_message_log_batch``; for activities the defaults of every
field and the stored fields mail computes: model, document name, assignee's
time zone), in one INSERT, then do what Odoo does after its insert: the
access check of ``mail.activity``, the assignees made followers, their
activity counters told over the bus, the documents' caches invalidated.

They fall back to Odoo's create whenever the registry holds what they would
not reproduce: an override of ``create`` from another module, or a stored
computed field they do not fill (an addon installed later is then honoured,
at Odoo's speed). ``tests/test_bulk_mail.py`` compares their rows with
Odoo's, column by column.
"""
import functools

from markupsafe import escape

from odoo import fields
from odoo.tools import SQL, clean_context
from odoo.tools.mail import generate_tracking_message_id

# modules whose create of messages and activities the helpers reproduce
KNOWN_MODULES = ('odoo.orm.', 'odoo.models', 'odoo.addons.base.', 'odoo.addons.mail.',
                 'odoo.addons.key_account_management.')
# stored computed fields the helpers fill themselves
FILLED = {
    'mail.message': frozenset(),
    'mail.activity': frozenset({'res_model', 'res_name', 'user_tz', 'date_done'}),
}
MAGIC = frozenset({'id', 'create_uid', 'create_date', 'write_uid', 'write_date'})


@functools.cache
def _sql_ready(model_class):
    """True when the registry's ``model_class`` creates its rows as Odoo's
    and mail's own code does (see the module's doc)."""
    for klass in model_class.__mro__:
        if 'create' in vars(klass) and not (klass.__module__ or '').startswith(KNOWN_MODULES):
            return False
    filled = FILLED[model_class._name]
    return not any(field.store and field.compute and field.name not in filled
                   for field in model_class._fields.values())


def sql_ready(model):
    return _sql_ready(type(model))


def _dependents(model, fname):
    """``fname`` and the fields of ``model`` computed from it: what the
    ORM's create would have invalidated on the documents."""
    depends = model.pool.field_depends
    return [fname] + [name for name, field in model._fields.items()
                      if any(dep == fname or dep.startswith(fname + '.')
                             for dep in depends.get(field, ()))]


def insert_rows(model, vals_list):
    """INSERT the rows ``vals_list`` of ``model`` in one statement, every
    field missing from a row given its default (Odoo's own defaults, read
    once for all rows) and every value converted by its field as Odoo's
    create does; no cache is touched. Returns the new ids, in order."""
    if not vals_list:
        return []
    env = model.env
    model.flush_model()
    defaults = model._add_missing_default_values({})
    columns = sorted(
        name for name, field in model._fields.items()
        if field.store and field.column_type and name not in MAGIC
        and (name in defaults or any(name in vals for vals in vals_list)))
    now, uid = env.cr.now(), env.uid
    # the sanitising of an html value is the same for every row: once per value
    html = {name for name in columns if model._fields[name].type == 'html'}
    sanitized = {}

    def convert(name, full):
        value = full.get(name)
        if name not in html:
            return model._fields[name].convert_to_column_insert(value, model, full)
        key = (name, type(value), value)
        if key not in sanitized:
            sanitized[key] = model._fields[name].convert_to_column_insert(value, model, full)
        return sanitized[key]

    rows = []
    for vals in vals_list:
        full = {**defaults, **vals}
        row = [convert(name, full) for name in columns]
        rows.append(SQL("(%s)", SQL(", ").join([*row, uid, now, uid, now])))
    result = env.execute_query(SQL(
        "INSERT INTO %s (%s) VALUES %s RETURNING id", SQL.identifier(model._table),
        SQL(", ").join(SQL.identifier(name)
                       for name in [*columns, 'create_uid', 'create_date', 'write_uid', 'write_date']),
        SQL(", ").join(rows)))
    return [row[0] for row in result]


def log_notes(records, bodies, subject=False):
    """Log the notes ``bodies`` (``{record id: text or markup}``) on
    ``records`` exactly as ``_message_log_batch`` does, in one INSERT.
    Returns the messages (sudo)."""
    Message = records.env['mail.message'].sudo().with_context(clean_context(records.env.context))
    if not sql_ready(Message):
        return records._message_log_batch(bodies, subject=subject)
    author_id, email_from = records._message_compute_author(None, None)
    base = {
        'author_id': author_id, 'email_from': email_from, 'model': records._name,
        'record_alias_domain_id': False, 'record_company_id': False,
        'message_type': 'notification', 'is_internal': True, 'subject': subject,
        'subtype_id': records.env['ir.model.data']._xmlid_to_res_id('mail.mt_note'),
        'email_add_signature': False,
        'message_id': generate_tracking_message_id('message-notify'),
        'reply_to': records.env['mail.thread']._notify_get_reply_to(
            default=email_from, author_id=author_id)[False],
    }
    ids = insert_rows(Message, [dict(base, res_id=record.id, body=escape(bodies.get(record.id, '')))
                                for record in records])
    # what mail.message's create does for messages on a chatter
    records.invalidate_recordset(
        list({'message_needaction', 'message_needaction_counter', *_dependents(records, 'message_ids')}))
    return Message.browse(ids)


def insert_activities(env, vals_list, sudo=True):
    """Create the activities ``vals_list`` (each with ``res_model_id``,
    ``res_id``, ``user_id``, ``activity_type_id``, ``date_deadline``) in one
    INSERT; without ``sudo``, Odoo's access check of activities on them
    (create: write access on their documents). The caller makes the
    assignees followers. Returns the activities, or None when the registry
    asks for Odoo's create (see ``sql_ready``)."""
    Activity = env['mail.activity'] if not sudo else env['mail.activity'].sudo()
    if not sql_ready(Activity):
        return None
    models = dict(env.execute_query(SQL(
        "SELECT id, model FROM ir_model WHERE id = ANY(%s)",
        sorted({vals['res_model_id'] for vals in vals_list}))))
    names = {}
    for model_id, model in models.items():
        documents = env[model].sudo().browse(
            {vals['res_id'] for vals in vals_list if vals['res_model_id'] == model_id})
        names[model_id] = dict(zip(documents.ids, documents.mapped('display_name')))
    users = env['res.users'].sudo().browse({vals['user_id'] for vals in vals_list if vals.get('user_id')})
    zones = dict(zip(users.ids, users.mapped('tz')))
    ids = insert_rows(Activity, [dict(
        vals, res_model=models[vals['res_model_id']],
        res_name=names[vals['res_model_id']].get(vals['res_id']),
        user_tz=zones.get(vals.get('user_id')) or False, date_done=False,
    ) for vals in vals_list])
    activities = Activity.browse(ids)
    if not sudo:
        activities.sudo(False).check_access('create')
    # what Odoo's create tells the assignees: their to-do counter moved
    today = fields.Date.today()
    counts = {}
    for vals in vals_list:
        if vals.get('user_id') and fields.Date.to_date(vals['date_deadline']) <= today:
            counts[vals['user_id']] = counts.get(vals['user_id'], 0) + 1
    for user in env['res.users'].browse(counts):
        user._bus_send("mail.activity/updated", {"activity_created": True,
                                                 "count_diff": counts[user.id]})
    for model_id, model in models.items():
        documents = env[model].browse({vals['res_id'] for vals in vals_list
                                       if vals['res_model_id'] == model_id})
        documents.invalidate_recordset(_dependents(documents, 'activity_ids'))
    return activities


CUT = '<kam-cut></kam-cut>'


def render_each(template, field, records):
    """``{record id: rendered}``: what ``template._render_field(field,
    records.ids, compute_lang=True)`` gives, the template compiled once per
    language instead of once per record. Odoo's QWeb rendering of a mail
    template compiles its source again for every record (15 ms each for the
    contract reminder: three quarters of a chunk's time); here the source is
    rendered once for all the records of a language, in a loop binding
    ``object`` to each, through the same engine, safety checks and
    post-processing, and the result cut at each record's end. When the cut
    does not give one part per record (a template that prints the marker),
    Odoo's own rendering is used."""
    result = {}
    fname = field
    field = template._fields[fname]
    options = dict(getattr(field, 'render_options', None) or {})
    for lang_template, ids in template._classify_per_lang(records.ids).values():
        source = lang_template[fname]
        if not source or CUT in source:
            result.update(lang_template._render_field(fname, ids, set_lang=lang_template.env.lang))
            continue
        batch = records.browse(ids).with_env(lang_template.env)
        rendered = lang_template._render_template(
            f'<t t-foreach="kam_render_records" t-as="object">{source}{CUT}</t>',
            lang_template.render_model, ids[:1], engine='qweb',
            add_context={'kam_render_records': batch}, options=options)[ids[0]]
        parts = str(rendered).split(CUT)
        if len(parts) != len(ids) + 1 or parts[-1].strip():
            result.update(lang_template._render_field(fname, ids, set_lang=lang_template.env.lang))
            continue
        result.update({res_id: type(rendered)(part) for res_id, part in zip(ids, parts)})
    return result
