from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging partners deletes all but one, as superuser: the partners of a
    key account's structure (the account, its group's companies, its
    decision-map contacts) are merged only by those who may change the
    account, checked as the user who asks."""
    _inherit = 'base.partner.merge.automatic.wizard'

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env['res.partner'].browse(partner_ids)
        if dst_partner:
            partners |= dst_partner
        partners.with_env(self.env(su=False)).exists()._kam_check_structure_rights()
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
