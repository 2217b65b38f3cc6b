from odoo import fields, models

from .kam_retention import DEFAULT_RETENTION_DAYS, RETENTION_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    kam_retention_days = fields.Integer(
        "Personal Data Kept (days)", config_parameter=RETENTION_DAYS_PARAM,
        default=DEFAULT_RETENTION_DAYS,
        help="Days after a member's removal, a contact's archiving or a census entry's loss "
             "(and an applicant not converted) before the nightly job erases their personal "
             "data; what contracts and accounting must keep stays. At least 1.")
