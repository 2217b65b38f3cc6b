"""Small helpers shared by the addon's models: chunked daily jobs, integer
settings, activities scheduled in one batch."""


def process_in_chunks(model, domain, process, batch_size=500):
    """Call ``process(records)`` on the records of ``model`` matching
    ``domain``, ``batch_size`` at a time, committing after each chunk through
    ``ir.cron._commit_progress``. ``process`` must take its records out of
    ``domain`` (mark them done), so that a rerun after a crash picks up
    exactly what was left. Returns False when the cron ran out of time."""
    cron = model.env['ir.cron']
    while True:
        records = model.search(domain, limit=batch_size, order='id')
        if not records:
            return True
        process(records)
        remaining = model.search_count(domain) if len(records) == batch_size else 0
        if not cron._commit_progress(len(records), remaining=remaining):
            return False


def int_param(env, key, default, minimum=0):
    """The integer setting ``key`` (an ``ir.config_parameter``), ``default``
    when unset or unreadable, never below ``minimum``."""
    value = env['ir.config_parameter'].sudo().get_param(key)
    try:
        return max(int(value), minimum) if value else default
    except ValueError:
        return default


def schedule_activities(records, activity_type, values):
    """Create one activity of ``activity_type`` on each of ``records`` in a
    single batch (a daily job's cost must not grow per record);
    ``values(record)`` gives its user_id, summary, note and date_deadline."""
    env = records.env
    model_id = env['ir.model']._get_id(records._name)
    return env['mail.activity'].with_context(mail_activity_quick_update=True).create([{
        'activity_type_id': activity_type.id,
        'res_model_id': model_id,
        'res_id': record.id,
        'automated': True,
        **values(record),
    } for record in records])
