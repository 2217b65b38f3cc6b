from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .kam_tools import lang_groups, mark_failed, process_in_chunks
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
    kam_top_taxpayer = fields.Boolean(
        "Top-500 Taxpayer", tracking=True, groups=KAM_USER,
        help="One of the province's top-500 taxpayers: graded A whatever its size "
             "(China Mobile's grading).")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if self.env.context.get('kam_classifying'):
            return super().write(vals)
        if 'kam_tier_id' in vals:
            # A tier set by hand sticks: the daily classification respects it.
            # Its reason and chatter line read in the account manager's language.
            res = True
            for lang, partners in lang_groups(self, lambda p: p.kam_manager_id.lang).items():
                env = self.with_context(lang=lang).env
                res &= super(ResPartner, partners).write(dict(
                    vals, kam_tier_locked=vals.get('kam_tier_locked', True),
                    kam_tier_reason=env._("Set by hand")))
                if vals.get('kam_tier_locked', True):
                    for partner in partners.filtered('kam_is_key_account'):
                        partner._message_log(body=env._(
                            "Tier set by hand to %(tier)s: the daily classification leaves it "
                            "alone until it is unlocked.",
                            tier=partner.kam_tier_id.code or env._("none")))
            return res
        if vals.get('kam_tier_locked') is False:
            # unlocked: the rules classify it again at the next run, even today
            vals = dict(vals, kam_tier_date=False, kam_tier_reason=False)
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_classify(self):
        accounts = self.filtered('kam_is_key_account')
        if not accounts:
            raise UserError(self.env._("Only key accounts are classified into tiers."))
        accounts.check_access('write')
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

    def _kam_company_revenue(self):
        """The monthly revenue of the account in the current company's
        currency, converted at today's rate."""
        self.ensure_one()
        company = self.env.company
        return self.kam_currency_id._convert(
            self.kam_monthly_revenue, company.currency_id, company,
            fields.Date.context_today(self))

    def _kam_classify_tiers(self):
        """Give each unlocked key account of ``self`` the first tier whose
        rule it matches, with the reason in its manager's language. Only what
        changed is written, grouped by value (the tiers, then the reasons in
        one statement); the classification date in one statement for all, and
        the changes logged in the chatter in one batch: a chunk costs the
        same number of queries whatever its size."""
        tiers = self.env['kam.tier'].search([])
        today = fields.Date.context_today(self)
        accounts = self.filtered(lambda p: p.kam_is_key_account and not p.kam_tier_locked)
        new_tiers = defaultdict(list)
        reasons = {}
        bodies = {}
        for lang, group in lang_groups(accounts, lambda p: p.kam_manager_id.lang).items():
            env = self.with_context(lang=lang).env
            lang_tiers = tiers.with_env(env)
            none = env._("none")
            for partner in group:
                tier, reason = lang_tiers._kam_match(partner)
                old_tier = partner.kam_tier_id
                if tier != old_tier:
                    new_tiers[tier.id].append(partner.id)
                    # tier codes: the chatter line reads the same in every language
                    bodies[partner.id] = env._(
                        "Tier changed from %(old)s to %(new)s. %(reason)s",
                        old=old_tier.code or none, new=tier.code or none, reason=reason or "")
                if (reason or False) != (partner.kam_tier_reason or False):
                    reasons[partner.id] = reason or None
        classifying = self.with_context(kam_classifying=True, mail_notrack=True,
                                        tracking_disable=True)
        for tier_id, ids in new_tiers.items():
            classifying.browse(ids).write({'kam_tier_id': tier_id})
        accounts.flush_recordset()
        if reasons:
            # one UPDATE for every reason that changed (the ORM's own batch
            # writer: the reasons differ per account, nothing depends on them)
            changed = self.browse(list(reasons))
            changed._write_multi([{'kam_tier_reason': reasons[pid]} for pid in changed.ids])
            changed.invalidate_recordset(['kam_tier_reason', 'write_date', 'write_uid'])
        if accounts:
            # the classification date of the whole chunk in one statement
            self.env.execute_query(SQL(
                "UPDATE res_partner SET kam_tier_date = %s, write_date = %s, write_uid = %s "
                "WHERE id = ANY(%s)", today, self.env.cr.now(), self.env.uid, accounts.ids))
            accounts.invalidate_recordset(['kam_tier_date', 'write_date', 'write_uid'])
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
        at a time; a crash or a rerun picks up where the last commit left.
        An account that fails is classified the next day (its date is set)
        and logged with the reason."""
        process_in_chunks(self, self._kam_classify_pending_domain(),
                          lambda accounts: accounts._kam_classify_tiers(), batch_size,
                          on_failure=lambda account, error: account._kam_tier_failed(error))

    def _kam_tier_failed(self, error):
        mark_failed(self, error, 'kam_tier_date', self.kam_manager_id,
                    lambda env: env._("The daily tier classification"))
