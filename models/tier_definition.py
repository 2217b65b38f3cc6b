from odoo import api, models


class TierDefinition(models.Model):
    """The approval levels of tariff and discount applications and of work
    orders are OCA tier definitions: offer both among the models they
    validate."""
    _inherit = 'tier.definition'

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + [
            'kam.tariff.application', 'kam.service.request']
