from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the portal's chatter (work orders, contracts, projects) speaks the
        # customer's language: mail's own texts ("The conversation is
        # empty.", "or press CTRL + Enter") reach the portal too
        mods = super()._get_translation_frontend_modules_name()
        return mods + ['mail']
