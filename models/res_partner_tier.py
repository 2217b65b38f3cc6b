from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .kam_bulk_mail import log_notes
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
        "Top-500 Taxpayer", tracking=True, copy=False, groups=KAM_USER,
        help="One of the province's top-500 taxpayers: graded A whatever its size "
             "(China Mobile's grading).")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        classifying = self.env.context.get('kam_classifying')
        if not classifying:
            vals_list = [self._kam_lock_given_tier(vals) for vals in vals_list]
        partners = super().create(vals_list)
        if not classifying:
            # graded at once: the day's work orders carry a tier, the health
            # score its factors
            partners.filtered('kam_is_key_account').sudo()._kam_classify_new()
        return partners

    @api.model
    def _kam_lock_given_tier(self, vals):
        """A tier given by a person (form, import) sticks, as when set later."""
        if not vals.get('kam_tier_id') or not vals.get('kam_tier_locked', True):
            return vals
        manager = self.env['res.users'].sudo().browse(vals.get('kam_manager_id'))
        env = self.with_context(lang=manager.lang or self.env.lang).env
        return dict(vals, kam_tier_locked=True, kam_tier_reason=env._("Set by hand"))

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
        if not vals.get('kam_is_key_account'):
            return super().write(vals)
        new = self.filtered(lambda p: not p.kam_is_key_account)
        res = super().write(vals)
        new.sudo()._kam_classify_new()
        return res

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

    def _kam_company_revenue(self, amount=None):
        """The monthly revenue of the account (or ``amount``, in the
        account's currency) in the current company's currency, converted at
        today's rate."""
        self.ensure_one()
        company = self.env.company
        return self.kam_currency_id._convert(
            self.kam_monthly_revenue if amount is None else amount, company.currency_id,
            company, fields.Date.context_today(self))

    def _kam_tier_figures(self):
        """What the tier rules read: a group customer's handsets and revenue
        summed over it and every company below it, a lone account's own;
        its own industry and top-500 flag."""
        self.ensure_one()
        group = bool(self.kam_subsidiary_count)
        return {
            'group': group,
            'handsets': self.kam_group_handset_count if group else self.kam_handset_count,
            'revenue': self._kam_company_revenue(
                self.kam_group_monthly_revenue if group else self.kam_monthly_revenue),
            'top_taxpayer': self.kam_top_taxpayer,
            'industry': self.kam_industry_id,
        }

    def _kam_tier_graders(self):
        """``{account id: grader}``: the group customer whose tier each key
        account takes, the topmost key account of its chain of parent
        companies (itself when there is none above it); one query for all."""
        nodes = {partner.id: [int(node) for node in (partner.kam_group_path or '').split('/')
                              if node.isdigit()] for partner in self}
        keys = set(self.sudo().search([
            ('id', 'in', list({node for path in nodes.values() for node in path})),
            ('kam_is_key_account', '=', True)]).ids)
        tops = {pid: next((node for node in path if node in keys), pid)
                for pid, path in nodes.items()}
        graders = self.browse(list(set(tops.values())))  # read together: one rollup
        # their group may have changed since the sums were read (a new subsidiary)
        graders.invalidate_recordset(['kam_subsidiary_count', 'kam_group_handset_count',
                                      'kam_group_employee_count', 'kam_group_monthly_revenue'])
        by_id = {grader.id: grader for grader in graders}
        return {pid: by_id[top] for pid, top in tops.items()}

    def _kam_classify_new(self):
        """Grade key accounts just made (created, or marked as key accounts)
        and the group customers above them, whose totals they change."""
        accounts = self.filtered(lambda p: p.kam_is_key_account and not p.kam_tier_locked)
        if not accounts:
            return
        graders = self.browse([grader.id for grader in accounts._kam_tier_graders().values()])
        (accounts | graders)._kam_classify_tiers()

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
        graders = accounts._kam_tier_graders()
        new_tiers = defaultdict(list)
        reasons = {}
        bodies = {}
        for lang, group in lang_groups(accounts, lambda p: p.kam_manager_id.lang).items():
            env = self.with_context(lang=lang).env
            lang_tiers = tiers.with_env(env)
            none = env._("none")
            grades = {}
            for partner in group:
                grader = graders[partner.id]
                if grader.id not in grades:
                    grades[grader.id] = lang_tiers._kam_grade(grader)
                tier, reason = grades[grader.id]
                if grader != partner and tier:
                    reason = env._(
                        "%(tier)s: the tier of its group customer %(group)s (%(reason)s)",
                        tier=tier.code, group=grader.display_name, reason=reason)
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
            log_notes(self.browse(list(bodies)), bodies)
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
