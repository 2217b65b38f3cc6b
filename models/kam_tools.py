"""Small helpers shared by the addon's models: chunked daily jobs that one bad
record never stops, integer settings, activities scheduled in one batch."""
import logging
from collections import defaultdict

from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.tools import SQL

from .kam_bulk_mail import insert_activities

_logger = logging.getLogger(__name__)

FAILED_ACTIVITY = 'mail.mail_activity_data_todo'


def process_in_chunks(model, domain, process, batch_size=500, on_failure=None):
    """Call ``process(records)`` on the records of ``model`` matching
    ``domain``, ``batch_size`` at a time, committing after each chunk through
    ``ir.cron._commit_progress``. ``process`` must take its records out of
    ``domain`` (mark them done), so that a rerun after a crash picks up
    exactly what was left.

    A chunk runs in a savepoint; when it fails, its records are processed one
    by one, each in its own savepoint, so that one bad record never stops the
    others: ``on_failure(record, error)`` is then called for the record that
    failed, and must take it out of ``domain`` too (see ``mark_failed``).
    Returns False when the cron ran out of time with records left: the last
    progress committed counts them, so that Odoo runs the job again at once
    (a job whose last report has nothing remaining is done until its next
    call). Time running out on the last chunk still returns True, so that a
    job of several steps goes on to the next one, whose first chunk reports
    what it has left.

    Two runners of the same job at once (two servers' cron threads, or a
    run started by hand during the night's) share the work, each record
    processed once: a chunk is the next records of ``domain`` that no other
    runner holds, locked in the query that finds them (SKIP LOCKED), until
    its commit. When a runner finds rows another runner processed since its
    transaction began, it leaves the rest to that runner."""
    cron = model.env['ir.cron']
    after, left = 0, None
    while True:
        try:
            records = _next_chunk(model, domain, batch_size, after)
        except SerializationFailure:
            # another runner changed rows of this chunk since this
            # transaction's snapshot: it is on the job; what this run did
            # before is committed (only this query's transaction is dropped)
            model.env.cr.rollback()
            _logger.info("%s: another run of the job is processing the records; this one stops",
                         model._name)
            return True
        if not records:
            return True
        try:
            with model.env.cr.savepoint():
                process(records)
        except Exception:  # noqa: BLE001 -- any error of a record: retried alone below
            # (the savepoint's rollback cleared the caches)
            for record in records:
                try:
                    with model.env.cr.savepoint():
                        process(record)
                except Exception as error:  # noqa: BLE001
                    if on_failure is None:
                        raise
                    on_failure(record, error)
        after = max(records.ids)
        remaining = 0
        if len(records) == batch_size:
            # counted at the first chunk, then counted down, and counted
            # again when the count-down says nothing is left: a count per
            # chunk reads every matching row, a cost growing with the data
            # times the chunks
            left = None if left is None else left - len(records)
            if left is None or left <= 0:
                left = model.search_count(domain)
            remaining = left
        if not cron._commit_progress(len(records), remaining=remaining) and remaining:
            return False


def _next_chunk(model, domain, batch_size, after=0):
    """The first ``batch_size`` records of ``model`` matching ``domain`` (by
    id) after the id ``after`` (the last of the previous chunk) that no other
    transaction holds, locked until the next commit: one query. Starting
    after the previous chunk, the query reads each row of the table once in
    a run; from the first id, each chunk would walk again past every row
    done before it (a run growing with the square of the data)."""
    if after:
        domain = fields.Domain.AND([domain, [('id', '>', after)]])
    query = model._search(domain, limit=batch_size, order='id')
    rows = model.env.execute_query(SQL(
        "%s FOR NO KEY UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(model._table)))
    return model.browse([row[0] for row in rows])


def mark_failed(record, error, marker_field, user, label):
    """Record that a daily job could not process ``record``: log the reason
    once, set ``marker_field`` (a date) to today so that the job stops
    retrying it until someone changes it, and give ``user`` (or, without
    one, the Key Accounts administrators) an activity saying why, written in
    their language. ``label(env)`` names the job in that language."""
    env = record.env
    _logger.warning("%s: %s %s skipped: %s", label(env), record._name, record.id, error)
    record.sudo().with_context(tracking_disable=True).write(
        {marker_field: fields.Date.context_today(record)})
    users = user.filtered('active') or env.ref(
        'key_account_management.group_kam_admin').sudo().all_user_ids.filtered(
            lambda u: u.active and not u.share)
    reason = str(error.args[0]) if getattr(error, 'args', None) else str(error)
    for lang, recipients in users.grouped(lambda u: u.lang or env.lang).items():
        lang_env = env(context=dict(env.context, lang=lang))
        summary = lang_env._("%(job)s could not process this record", job=label(lang_env))
        note = lang_env._("It is skipped until it is changed. Reason: %(reason)s", reason=reason)
        schedule_activities(record.sudo(), env.ref(FAILED_ACTIVITY), lambda rec, summary=summary, note=note: {
            'summary': summary, 'note': note,
            'date_deadline': fields.Date.context_today(rec)}, users=recipients)


def to_currency(env, amount, currency, target, date=None):
    """``amount`` of ``currency`` in ``target``, at ``date`` (today) and the
    current company's rates; a missing currency means the company's."""
    company = env.company
    currency = currency or company.currency_id
    if currency == target or not amount:
        return amount
    return currency._convert(amount, target, company, date or fields.Date.context_today(env.user))


def currency_factor_sql(env, column, currency_ids, date=None):
    """SQL ``CASE`` giving, for each currency id in ``column``, the rate that
    turns its amounts into the current company's currency (at ``date``), so
    that a sum over several currencies is made in one query."""
    company = env.company
    date = date or fields.Date.context_today(env.user)
    Currency = env['res.currency']
    cases = [SQL("WHEN %s = %s THEN %s", column, cid, Currency._get_conversion_rate(
        Currency.browse(cid), company.currency_id, company, date)) for cid in currency_ids if cid]
    if not cases:
        return SQL("1.0")
    return SQL("(CASE %s ELSE 1.0 END)", SQL(" ").join(cases))


def int_param(env, key, default, minimum=0):
    """The integer setting ``key`` (an ``ir.config_parameter``), ``default``
    when unset or unreadable, never below ``minimum``."""
    value = env['ir.config_parameter'].sudo().get_param(key)
    try:
        return max(int(value), minimum) if value else default
    except ValueError:
        return default


def schedule_activities(records, activity_type, values, users=None):
    """Create one activity of ``activity_type`` on each of ``records`` in a
    single batch (a daily job's cost must not grow per record);
    ``values(record)`` gives its user_id, summary, note and date_deadline.
    With ``users``, each record gets one activity per user of ``users``."""
    env = records.env
    model_id = env['ir.model']._get_id(records._name)
    return create_activities(env, [{
        'activity_type_id': activity_type.id,
        'res_model_id': model_id,
        'res_id': record.id,
        'automated': True,
        **values(record),
        **({'user_id': user.id} if user else {}),
    } for record in records for user in (users or [None])], sudo=False)


def prefetch_people(users):
    """Read what the jobs read of ``users`` (their status, language and SMS
    settings) in one query each for users and partners: a job's per-record
    recordsets of people (``manager | boss``, ``owner[:1]``) lose the
    prefetch of the chunk, and would read them one user at a time. The
    current user comes with them: Odoo's create of activities reads his
    company (``env.company``, once per environment), which would cost a
    query of its own or none depending on what was read before."""
    users = (users | users.env.user).sudo()
    users.fetch(['active', 'share', 'partner_id', 'company_id', 'kam_sms_reminders',
                 'kam_sms_mobile'])
    users.partner_id.mapped('lang')


def create_activities(env, vals_list, sudo=True):
    """Create the activities ``vals_list`` (each with ``res_model_id``,
    ``res_id``, ``user_id``) in one batch, their assignees made followers of
    their records in one batch (``add_followers``). Odoo's own create
    subscribes the assignees one ``message_subscribe`` per distinct user,
    several queries each: a job's chunk then cost more the more account
    managers it reached (a chunk of 200 work orders of 200 managers, about
    600 queries); and it adds each activity to the cached activities of
    every model with a chatter, some milliseconds a row. The rows are
    written by one INSERT (``kam_bulk_mail.insert_activities``), or by one
    Odoo create when the registry asks for it. A job's activities are
    listed, not mailed (``mail_activity_quick_update``)."""
    activities = insert_activities(env, vals_list, sudo=sudo)
    if activities is None:
        Activity = env['mail.activity'].with_context(
            mail_activity_quick_update=True, kam_followers_in_bulk=True)
        activities = (Activity.sudo() if sudo else Activity).create(vals_list)
        activities = activities.with_context(kam_followers_in_bulk=False)
    # the assignees' partners in one query, whatever the cache holds
    activities.sudo().fetch(['res_model', 'res_id', 'user_id'])
    partner_of = dict(env.execute_query(SQL(
        "SELECT id, partner_id FROM res_users WHERE id = ANY(%s)",
        sorted({activity.user_id.id for activity in activities.sudo() if activity.user_id}))))
    for res_model, group in activities.sudo().grouped('res_model').items():
        if res_model:
            add_followers(env, res_model, {(activity.res_id, partner_of.get(activity.user_id.id))
                                           for activity in group if activity.user_id})
    return activities


def add_followers(env, res_model, pairs):
    """Make each partner of ``pairs`` (``(res_id, partner_id)``) a follower
    of its record of ``res_model``, with the default subtypes as
    ``message_subscribe`` gives them (the external ones to a portal
    partner); those who follow already are left as they are. One statement,
    however many records and partners: the followers and their subtypes are
    inserted by SQL (Odoo's create of ``mail.followers`` has no other hook,
    and costs some milliseconds per row in cache updates)."""
    pairs = sorted({(res_id, partner_id) for res_id, partner_id in pairs if res_id and partner_id})
    if not pairs:
        return
    env['mail.followers'].flush_model()
    env['res.partner'].flush_model(['partner_share'])
    default, _internal, external = env['mail.message.subtype'].sudo().default_subtypes(res_model)
    env.execute_query(SQL("""
        WITH new AS (
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT %(model)s, pair.res_id, pair.partner_id
              FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[]) AS pair(res_id, partner_id)
            ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
            RETURNING id, partner_id
        )
        INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
        SELECT new.id, subtype_id
          FROM new JOIN res_partner partner ON partner.id = new.partner_id,
               unnest(CASE WHEN partner.partner_share THEN %(external)s::int[]
                           ELSE %(default)s::int[] END) AS subtype_id
        """, model=res_model, res_ids=[res_id for res_id, _p in pairs],
        partner_ids=[partner_id for _r, partner_id in pairs],
        external=external.ids, default=default.ids))
    env['mail.followers'].invalidate_model()
    env[res_model].browse([res_id for res_id, _p in pairs]).invalidate_recordset(
        ['message_follower_ids', 'message_partner_ids'])


class SubtreeRows(list):
    """One group's rows ``(company_id, group path, value)``, or ``(company_id,
    group path, value, key)`` to keep sums apart by ``key`` (a currency, say),
    whose sums by company and by path prefix are made once, at the first
    question: each company of a list page or a job's chunk then finds its own
    and its subtree's figures in constant time, instead of walking the rows
    of its whole group (which made the daily jobs grow with the square of the
    largest group). Fill it before asking."""

    __slots__ = ('_below', '_own')

    def _index(self):
        own, below = defaultdict(dict), defaultdict(dict)
        for row in self:
            company_id, path, value = row[:3]
            key = row[3] if len(row) > 3 else None
            # a record (a currency) is kept by its id: hashing recordsets
            # costs more than the sums themselves
            key = getattr(key, 'id', key)
            bucket = own[company_id]
            bucket[key] = bucket.get(key, 0) + value
            # a path is the ids from the top down, each followed by '/':
            # the value counts for every company above it and itself
            end = path.find('/')
            while end != -1:
                bucket = below[path[:end + 1]]
                bucket[key] = bucket.get(key, 0) + value
                end = path.find('/', end + 1)
        self._own, self._below = own, below

    def sums_by_key(self, company_id, prefix):
        """``({key: own sum}, {key: subtree sum})`` of the company
        ``company_id`` and of the subtree below the path ``prefix``."""
        if getattr(self, '_own', None) is None:
            self._index()
        return (self._own.get(company_id, {}) if company_id else {},
                self._below.get(prefix, {}) if prefix else {})

    def sums(self, company_id, prefix):
        """``(own, subtree)`` sums, all keys together."""
        own, below = self.sums_by_key(company_id, prefix)
        return sum(own.values()), sum(below.values())

    def amounts(self, company_id, prefix, currency):
        """``(own, subtree)`` sums of rows keyed by their currency, each
        converted to ``currency`` at today's rate."""
        return tuple(sum(to_currency(currency.env, amount, currency.browse(source) if source else None,
                                     currency)
                         for source, amount in sums.items())
                     for sums in self.sums_by_key(company_id, prefix))


def subtree_sums(rows, partner_id, prefix):
    """``(own, subtree)``: the sums of ``rows`` (``(company_id, group path,
    value)`` of one group) of the company ``partner_id`` itself and of every
    company whose group path starts with ``prefix`` (the company's own path:
    itself and all below it). Rollups read a group's rows once, grouped, in a
    ``SubtreeRows``, and each company of a list page finds its own sums there."""
    if not isinstance(rows, SubtreeRows):
        rows = SubtreeRows(rows)
    return rows.sums(partner_id, prefix)


def lang_groups(records, lang_of):
    """``{lang: records}``: ``records`` grouped by their recipient's language
    (``lang_of(record)``), so that job-made texts are rendered once per
    language, each in the language of who reads it."""
    default = records.env.lang or 'en_US'
    return records.grouped(lambda rec: lang_of(rec) or default)
