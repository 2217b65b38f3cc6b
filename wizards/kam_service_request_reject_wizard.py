from odoo import fields, models


class KamServiceRequestRejectWizard(models.TransientModel):
    """Asks why a work order is rejected: the customer is told."""
    _name = 'kam.service.request.reject.wizard'
    _description = "Reject Work Order"

    request_ids = fields.Many2many(
        'kam.service.request', string="Work Orders", required=True,
        help="The work orders rejected with this reason.")
    reason = fields.Text(
        required=True,
        help="Why the work order is rejected; the customer reads it in the email and the "
             "portal.")

    def action_reject(self):
        self.request_ids._kam_reject(self.reason)
        return {'type': 'ir.actions.act_window_close'}
