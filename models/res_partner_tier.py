from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_tools import process_in_chunks
from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Tiers of key accounts: the fields, a tier set by hand, the daily classification."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields: tier
    # ------------------------------------------------------------

    kam_tier_id = fields.Many2one(
        'kam.tier', "Tier", tracking=True, index='btree_not_null', ondelete='restrict',
        copy=False, groups=KAM_USER,
        help="A/B/C/D grade of the account, given by the daily classification from "
             "handsets, revenue and industry; writing the tier by hand locks it.")
    kam_tier_locked = fields.Boolean(
        "Tier Locked", tracking=True, copy=False, groups=KAM_USER,
        help="Keep the tier set by hand: the daily classification leaves it alone. "
             "Set when someone writes the tier; untick to let the rules decide again.")
    kam_tier_reason = fields.Char(
        "Tier Reason", readonly=True, copy=False, groups=KAM_USER,
        help="Why the account has its tier, written by the classification "
             "(e.g. \"B: 230 handsets ≥ 100\"), or \"Set by hand\".")
    kam_tier_date = fields.Date(
        "Classified On", readonly=True, copy=False, groups=KAM_USER,
        help="Last day the classification looked at this account.")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if 'kam_tier_id' in vals and not self.env.context.get('kam_classifying'):
            # A tier set by hand sticks: the daily classification respects it.
            vals = dict(vals, kam_tier_locked=vals.get('kam_tier_locked', True),
                        kam_tier_reason=self.env._("Set by hand"))
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_classify(self):
        accounts = self.filtered('kam_is_key_account')
        if not accounts:
            raise UserError(self.env._("Only key accounts are classified into tiers."))
        locked = accounts.filtered('kam_tier_locked')
        (accounts - locked)._kam_classify_tiers()
        if locked and len(accounts) == 1:
            raise UserError(self.env._(
                "The tier of %s is locked: unlock it to let the rules classify it.",
                locked.display_name))
        return True

    # ------------------------------------------------------------
    # Business: tier classification
    # ------------------------------------------------------------

    def _kam_classify_tiers(self):
        """Give each unlocked key account of ``self`` the first tier whose
        rule it matches. Changes are logged in the accounts' chatter in one
        batch, so a chunk costs the same number of queries whatever its size."""
        tiers = self.env['kam.tier'].search([])
        today = fields.Date.context_today(self)
        bodies = {}
        for partner in self.filtered(lambda p: p.kam_is_key_account and not p.kam_tier_locked):
            # reasons are written in the account manager's language
            env = self.with_context(lang=partner.kam_manager_id.lang or self.env.lang).env
            tier, reason = tiers.with_env(env)._kam_match(partner)
            old_tier = partner.kam_tier_id
            partner.with_context(kam_classifying=True, mail_notrack=True).write({
                'kam_tier_id': tier.id,
                'kam_tier_reason': reason,
                'kam_tier_date': today,
            })
            if tier != old_tier:
                # tier codes: the chatter line reads the same in every language
                bodies[partner.id] = env._(
                    "Tier changed from %(old)s to %(new)s. %(reason)s",
                    old=old_tier.code or env._("none"), new=tier.code or env._("none"),
                    reason=reason or "")
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies)
        return bodies

    def _kam_classify_pending_domain(self):
        today = fields.Date.context_today(self)
        return [('kam_is_key_account', '=', True), ('kam_tier_locked', '=', False),
                '|', ('kam_tier_date', '=', False), ('kam_tier_date', '<', today)]

    @api.model
    def _cron_kam_classify_tiers(self, batch_size=500):
        """Daily: classify the key accounts not yet classified today, a chunk
        at a time; a crash or a rerun picks up where the last commit left."""
        process_in_chunks(self, self._kam_classify_pending_domain(),
                          lambda accounts: accounts._kam_classify_tiers(), batch_size)
