from odoo import api, models

from .kam_phone import MaskedPhone, mask_phone


class MailTrackingValue(models.Model):
    """Changes of a masked phone number stay in the chatter masked: whoever
    reads the history later, the full numbers are not in it."""
    _inherit = 'mail.tracking.value'

    @api.model
    def _create_tracking_values(self, initial_value, new_value, col_name, col_info, record):
        if isinstance(record._fields.get(col_name), MaskedPhone):
            initial_value, new_value = mask_phone(initial_value), mask_phone(new_value)
        return super()._create_tracking_values(initial_value, new_value, col_name, col_info,
                                               record)
