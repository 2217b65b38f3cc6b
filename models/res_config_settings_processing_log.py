from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_processing_log import DEFAULT_KEEP_DAYS, KEEP_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    """How long the processing log of personal data is kept."""
    _inherit = 'res.config.settings'

    kam_processing_log_days = fields.Integer(
        "Keep Processing Log (Days)", config_parameter=KEEP_DAYS_PARAM,
        default=DEFAULT_KEEP_DAYS,
        help="Days the processing log keeps a line (who read, revealed, exported or messaged "
             "personal data); a daily job removes older lines. At least 1.")

    @api.constrains('kam_processing_log_days')
    def _check_kam_processing_log_days(self):
        if any(settings.kam_processing_log_days < 1 for settings in self):
            raise ValidationError(self.env._(
                "The processing log is kept at least 1 day."))
