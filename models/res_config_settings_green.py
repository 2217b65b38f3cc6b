from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    kam_green_channel_factor = fields.Float(
        related='company_id.kam_green_channel_factor', readonly=False,
        help="The hours to accept and to resolve the work orders of a group's key persons "
             "are multiplied by this factor (0.5: half the time).")
