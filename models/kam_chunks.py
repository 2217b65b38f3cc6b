"""Chunked, resumable processing for the addon's daily jobs."""


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
