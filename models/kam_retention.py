import logging
from datetime import timedelta

from odoo import api, fields, models

from .kam_tools import int_param, process_in_chunks

_logger = logging.getLogger(__name__)

RETENTION_DAYS_PARAM = 'key_account_management.retention_days'
DEFAULT_RETENTION_DAYS = 180


class KamRetention(models.AbstractModel):
    """The retention job: the personal data of the people who left (members
    removed, contacts archived, census entries lost, applicants not
    converted…) is erased a configurable number of days after they left
    (Settings, 180 by default). One loop over the models that take part
    (``_kam_retention``, see kam.retention.mixin), each in chunks committed
    one after the other; a run that stops, even killed, goes on with what is
    left (an erased record is never selected again) and one record that
    cannot be erased never stops the others."""
    _name = 'kam.retention'
    _description = "Personal Data Retention"

    @api.model
    def _kam_retention_days(self):
        return int_param(self.env, RETENTION_DAYS_PARAM, DEFAULT_RETENTION_DAYS, minimum=1)

    @api.model
    def _kam_retention_models(self):
        """Names of the models taking part, in a stable order."""
        return sorted(name for name, model in self.env.registry.items()
                      if not model._abstract and getattr(model, '_kam_retention', False))

    @api.model
    def _cron_kam_retention(self, batch_size=200):
        cutoff = fields.Datetime.now() - timedelta(days=self._kam_retention_days())
        for name in self._kam_retention_models():
            Model = self.env[name].sudo().with_context(active_test=False)
            on_failure = None
            if hasattr(Model, '_kam_retention_failed'):
                def on_failure(record, error):
                    record._kam_retention_failed(error)
            done = process_in_chunks(
                Model, Model._kam_retention_domain(cutoff),
                lambda records: records._kam_erase_personal_data(), batch_size, on_failure)
            if not done:
                return False
        return True
