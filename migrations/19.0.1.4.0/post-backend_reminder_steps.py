"""19.0.1.4.0: a contract's reminder steps are three numbers of days.

They were free text ("90,60,30") in the column reminder_steps; the form now
shows three whole numbers (First, Second, Third Reminder, 0 for none) and the
text is computed from them for imports and integrations. Each contract's
text moves into the numbers (largest first; beyond three steps, the three
largest are kept); a text that never parsed (the
old form refused it, an import may have let it through) keeps the numbers
the upgrade gave it, the current defaults. The old column goes."""
import logging

from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)
FIELDS = ('reminder_days_1', 'reminder_days_2', 'reminder_days_3')


def parse(text):
    """``"90, 60,30"`` → ``[90, 60, 30]`` (at most three, largest first);
    None for a text that is not whole numbers of days separated by commas."""
    try:
        steps = sorted({int(part) for part in (text or '').split(',') if part.strip()}, reverse=True)
    except ValueError:
        return None
    if any(step < 0 for step in steps):
        return None
    return (steps + [0, 0, 0])[:3]


def migrate(cr, version):
    if not column_exists(cr, 'kam_contract', 'reminder_steps'):
        return
    cr.execute("SELECT id, reminder_steps FROM kam_contract")
    unreadable = []
    for contract_id, text in cr.fetchall():
        steps = parse(text)
        if steps is None:
            unreadable.append(contract_id)
            continue
        cr.execute("UPDATE kam_contract SET reminder_days_1 = %s, reminder_days_2 = %s, reminder_days_3 = %s "
                   "WHERE id = %s", [*steps, contract_id])
    if unreadable:
        _logger.warning("Contracts %s had unreadable reminder steps: they keep the default ones.", unreadable)
    cr.execute("ALTER TABLE kam_contract DROP COLUMN reminder_steps")
