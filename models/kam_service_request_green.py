from odoo import api, fields, models


class KamServiceRequest(models.Model):
    """The green channel (绿色通道): a work order raised by one of the
    group's key persons is marked, and its deadlines are the service
    level's times the company's green-channel factor."""
    _inherit = 'kam.service.request'

    kam_green_channel = fields.Boolean(
        "Green Channel", compute='_compute_kam_green_channel', store=True, index=True,
        help="Raised by one of the group's key persons: the deadlines are shortened by the "
             "company's green-channel SLA factor, and the work order carries a badge in the "
             "backend and the portal.")

    @api.depends('requester_partner_id')
    def _compute_kam_green_channel(self):
        # whoever writes the work order, the requester's flag decides
        for request, request_sudo in zip(self, self.sudo()):
            request.kam_green_channel = bool(request_sudo.requester_partner_id.kam_key_person)

    def _kam_sla_hours(self):
        hours = super()._kam_sla_hours()
        if hours and self.kam_green_channel:
            factor = self.company_id.kam_green_channel_factor or 1.0
            hours = (hours[0] * factor, hours[1] * factor)
        return hours
