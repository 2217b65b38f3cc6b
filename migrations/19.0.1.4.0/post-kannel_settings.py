"""19.0.1.4.0: Kannel replaces the HTTP gateway of the product's own JSON
protocol as the SMS provider.

A company that sent through the HTTP gateway now sends through Kannel: its
gateway URL becomes the smsbox URL, its gateway account the sendsms
username, its gateway secret the DLR secret; the sendsms password did not
exist before and is left for the administrator to fill in (the settings
page asks for it before anything is sent). The old columns go."""
import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

# old column -> new column of res_company
MOVED = {
    'kam_sms_gateway_url': 'kam_kannel_url',
    'kam_sms_gateway_account': 'kam_kannel_username',
    'kam_sms_gateway_secret': 'kam_kannel_dlr_secret',
}


def migrate(cr, version):
    moved = {old: new for old, new in MOVED.items() if column_exists(cr, 'res_company', old)}
    if moved:
        # the values an administrator already gave Kannel's fields win
        cr.execute(SQL("UPDATE res_company SET %s", SQL(", ").join(
            SQL("%s = COALESCE(%s, %s)", SQL.identifier(new), SQL.identifier(new),
                SQL.identifier(old))
            for old, new in moved.items())))
    cr.execute("""
        UPDATE res_company SET kam_sms_provider = 'kannel'
         WHERE kam_sms_provider = 'kam_gateway'
     RETURNING id
    """)
    switched = [row[0] for row in cr.fetchall()]
    if switched:
        _logger.warning("SMS: companies %s now send through Kannel; give them the sendsms "
                        "password in the settings.", switched)
    for old in moved:
        cr.execute(SQL("ALTER TABLE res_company DROP COLUMN %s", SQL.identifier(old)))
