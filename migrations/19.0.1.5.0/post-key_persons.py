"""19.0.1.5.0: the key persons of the green channel on a database upgraded
from before it.

19.0.1.4.0 added the Key Person flag of contacts as an empty column (an
install has no buying roles yet), so a database upgraded from 19.0.1.3.0 left
its decision makers and influencers without the green channel the flag gives
them by default. Contacts never flagged (NULL, not a False someone chose)
with one of those buying roles become key persons, and the work orders they
raised carry the flag, in two statements."""
from odoo.tools.sql import column_exists

from odoo.addons.key_account_management.models.res_partner_green_channel import (
    KEY_PERSON_ROLES,
)


def migrate(cr, version):
    if not (column_exists(cr, 'res_partner', 'kam_key_person')
            and column_exists(cr, 'res_partner', 'kam_buying_role')):
        return
    cr.execute("""
        UPDATE res_partner SET kam_key_person = true
         WHERE kam_key_person IS NULL AND kam_buying_role IN %s
    """, [KEY_PERSON_ROLES])
    if column_exists(cr, 'kam_service_request', 'kam_green_channel'):
        cr.execute("""
            UPDATE kam_service_request r SET kam_green_channel = p.kam_key_person IS TRUE
              FROM res_partner p
             WHERE p.id = r.requester_partner_id
               AND (r.kam_green_channel IS TRUE) IS DISTINCT FROM (p.kam_key_person IS TRUE)
        """)
