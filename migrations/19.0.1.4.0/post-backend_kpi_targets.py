"""19.0.1.4.0: KPI rows carry the targets they are measured against.

The dashboard's headline figures compare the month's retention, satisfaction
and stability with their targets, read from the KPI rows. Rows computed
before carry none: give them the targets set now (the daily job writes the
current and the previous month again anyway)."""
from odoo import SUPERUSER_ID, api

from odoo.addons.key_account_management.models.kam_kpi_snapshot import DEFAULT_TARGETS, kpi_target


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    targets = {name: kpi_target(env, name) for name in DEFAULT_TARGETS}
    cr.execute("""
        UPDATE kam_kpi_snapshot
           SET retention_target = COALESCE(retention_target, %(retention)s),
               satisfaction_target = COALESCE(satisfaction_target, %(satisfaction)s),
               stability_target = COALESCE(stability_target, %(stability)s)
    """, targets)
