from odoo import models
from odoo.exceptions import UserError

from .kam_uscc import duplicate_map

# Odoo's merge wizard merges three partners at most
MERGE_MAX = 3


class ResPartner(models.Model):
    """Duplicate organisations merged with Odoo's merge wizard: which of
    them survives (the key account, the higher tier) and the wizard opened
    on a company and its duplicates (same credit code or normalised name)."""
    _inherit = 'res.partner'

    def _kam_merge_rank(self):
        """How much key-account data this partner carries (read with sudo):
        key account first, then a tier (the higher the better), a manager."""
        self.ensure_one()
        partner = self.sudo()
        tier = partner.kam_tier_id
        return (bool(partner.kam_is_key_account), bool(tier),
                -tier.sequence if tier else 0, -tier.id if tier else 0,
                bool(partner.kam_manager_id))

    def _kam_merge_ranked(self):
        """These partners from the least to the most key-account data: the
        merge keeps the last one's values where the survivor has none."""
        return self.sorted(lambda partner: partner._kam_merge_rank())

    def _kam_merge_duplicates(self):
        """The other active companies the user may read that share this
        company's credit code or normalised name."""
        self.ensure_one()
        partner = self.sudo()
        found = duplicate_map(self.env, [(
            partner, partner.company_id.id or self.env.company.id, partner.kam_name_key,
            partner.kam_uscc, 0, partner.id)])
        others = found.get(partner, ((), self.browse()))[1]
        return others.with_env(self.env)._filtered_access('read')

    def action_kam_merge_duplicates(self):
        """Odoo's merge wizard with this company and its duplicates."""
        self.ensure_one()
        return self._kam_merge_action(self | self._kam_merge_duplicates(), self)

    def _kam_merge_action(self, partners, origin):
        """The window of Odoo's merge wizard (the contacts' Merge action)
        pre-filled with ``partners`` (the key accounts first, three at most),
        or a translated error when there is nothing to merge."""
        if len(partners) < 2:
            raise UserError(self.env._(
                "No other company shares the credit code or normalised name of %s: there is "
                "nothing to merge.", origin.display_name))
        chosen = partners._kam_merge_ranked()[-MERGE_MAX:]
        if origin in partners and origin not in chosen:
            chosen = chosen[1:] | origin
        action = self.env['ir.actions.act_window']._for_xml_id('base.action_partner_merge')
        action['context'] = {
            'active_model': 'res.partner', 'active_ids': chosen.ids, 'active_id': chosen[-1].id,
            'active_test': False,
        }
        return action
