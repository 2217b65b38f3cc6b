"""19.0.1.5.0: work-order approvals moved to OCA tier validation.

The types' single "needs approval" flag becomes the domain of the shipped
approval level (the account's manager, through the work orders' Approvers
field): the types that had the flag, and only they, keep an approval. The
orders submitted and waiting for that approval get their pending review.
The old column is dropped once read, so the script runs once."""
import logging

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

LEVEL = 'key_account_management.tier_definition_service_request_account_manager'


def migrate(cr, version):
    if not column_exists(cr, 'kam_service_request_type', 'needs_approval'):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT id FROM kam_service_request_type WHERE needs_approval ORDER BY id")
    type_ids = [row[0] for row in cr.fetchall()]
    values = {
        'definition_domain': str([('type_id', 'in', type_ids)]),
        'active': bool(type_ids),
    }
    level = env.ref(LEVEL, raise_if_not_found=False)
    if level:
        level.write(values)
    else:
        env['tier.definition'].create(dict(values, **{
            'name': "Account manager",
            'model_id': env['ir.model']._get_id('kam.service.request'),
            'review_type': 'field',
            'reviewer_field_id': env['ir.model.fields']._get(
                'kam.service.request', 'kam_approver_ids').id,
            'approve_sequence': True,
            'exclude_requester': True,
            'notify_on_pending': True,
            'notify_on_rejected': True,
        }))
    waiting = env['kam.service.request'].with_context(active_test=False).search([
        ('state', '=', 'submitted'), ('type_id', 'in', type_ids), ('review_ids', '=', False)])
    waiting._kam_request_reviews()
    cr.execute("ALTER TABLE kam_service_request_type DROP COLUMN needs_approval")
    _logger.info("Work-order approvals: %d types keep an approval level, %d orders wait for "
                 "their review.", len(type_ids), len(waiting))
