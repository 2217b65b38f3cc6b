"""19.0.1.4.0: work orders gain the stored Green Channel flag.

Made here as a column before the upgrade loads the model, so that Odoo does
not compute it order by order over every work order of the database: the
orders of key persons get it from 19.0.1.5.0's post-key_persons, in SQL."""
from odoo.tools.sql import column_exists, create_column, table_exists


def migrate(cr, version):
    if table_exists(cr, 'kam_service_request') \
            and not column_exists(cr, 'kam_service_request', 'kam_green_channel'):
        create_column(cr, 'kam_service_request', 'kam_green_channel', 'boolean')
