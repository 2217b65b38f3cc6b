from odoo import models


class ResPartner(models.Model):
    """The relationship profile of a contact (kam.contact.profile), opened
    from the contact's Decision Map page by the account team."""
    _inherit = 'res.partner'

    def action_kam_open_contact_profile(self):
        return self.env['kam.contact.profile']._kam_open_for(self)
