from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_amount

from .kam_tools import (
    SubtreeRows,
    int_param,
    lang_groups,
    process_in_chunks,
    schedule_activities,
    subtree_sums,
)
from .res_partner import KAM_USER

TIER_MONTHS_PARAM = 'key_account_management.billing_tier_months'
TIER_MONTHS_DEFAULT = 3
ARREARS_DAYS_PARAM = 'key_account_management.billing_arrears_days'
ARREARS_DAYS_DEFAULT = 60
TREND_MONTHS = 12


def month_start(day, months_back=0):
    return day.replace(day=1) - relativedelta(months=months_back)


def trend_domain(day):
    """The last twelve complete months before the month of ``day``."""
    return [('month', '>=', month_start(day, TREND_MONTHS)), ('month', '<', month_start(day))]


class ResPartner(models.Model):
    """The operator's own numbers on the account: its billing of the last
    twelve months by service (ICT share, bundled share, margin, group
    rollup), the billed average the tiers read instead of the typed
    revenue, the credit limit and the arrears flag with its one activity for
    the manager."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_credit_limit = fields.Monetary(
        "Credit Limit", currency_field='kam_currency_id', tracking=True, copy=False,
        groups=KAM_USER,
        help="Overdue amount the account may carry; above it the account is flagged in "
             "arrears. Leave at zero for no limit.")
    kam_arrears_flag = fields.Boolean(
        "In Arrears", readonly=True, copy=False, groups=KAM_USER,
        help="Set from the billing system's latest arrears statement: overdue beyond the days "
             "of the settings, or overdue above the credit limit. Its manager gets one activity.")
    kam_arrears_notified = fields.Boolean(
        "Arrears Notified", readonly=True, copy=False, groups=KAM_USER,
        help="Technical: the manager has had his activity for the current arrears; cleared "
             "when the account is no longer in arrears.")
    kam_has_billing = fields.Boolean(
        "Has Billing", compute='_compute_kam_billing', groups=KAM_USER,
        help="The billing system has sent lines of this account in the last twelve months.")
    kam_billing_revenue_12m = fields.Monetary(
        "Billed Revenue (12 Months)", currency_field='kam_currency_id',
        compute='_compute_kam_billing', groups=KAM_USER,
        help="Revenue billed to the account (and the companies it serves) in the last twelve "
             "months, from the billing system.")
    kam_billing_margin = fields.Float(
        "Margin (%)", compute='_compute_kam_billing', groups=KAM_USER, digits=(5, 1),
        help="Billed revenue less the cost of service, as a share of the revenue, over the "
             "last twelve months.")
    kam_billing_ict_share = fields.Float(
        "ICT Share (%)", compute='_compute_kam_billing', groups=KAM_USER, digits=(5, 1),
        help="Share of the last twelve months' billed revenue on ICT service lines (信息化).")
    kam_billing_bundled_share = fields.Float(
        "Bundled Share (%)", compute='_compute_kam_billing', groups=KAM_USER, digits=(5, 1),
        help="Share of the last twelve months' billed revenue sold in bundles (集团客户捆绑).")
    kam_billing_group_revenue_12m = fields.Monetary(
        "Group Billed Revenue (12 Months)", currency_field='kam_currency_id',
        compute='_compute_kam_billing_group', groups=KAM_USER,
        help="Revenue billed in the last twelve months to this company and every company "
             "below it in its group.")
    kam_billing_overdue = fields.Monetary(
        "Overdue", currency_field='kam_currency_id', compute='_compute_kam_billing_overdue',
        groups=KAM_USER,
        help="Overdue amount of the latest arrears statement from the billing system.")
    kam_billing_days_overdue = fields.Integer(
        "Days Overdue", compute='_compute_kam_billing_overdue', groups=KAM_USER,
        help="Days overdue on the latest arrears statement from the billing system.")

    kam_wallet_estimate_ids = fields.One2many(
        'kam.wallet.estimate', 'partner_id', "Spending Estimates", copy=False, groups=KAM_USER,
        help="What the company spends a year per service with every operator, as its account "
             "manager estimates it; with our billing it gives the wallet share of the "
             "whitespace matrix.")

    kam_billing_avg_revenue = fields.Monetary(
        "Billed Monthly Average", currency_field='kam_currency_id',
        compute='_compute_kam_billing_avg', groups=KAM_USER,
        help="Average monthly revenue billed over the last complete months (their number is "
             "a setting); the tier rules read it instead of the typed monthly revenue.")
    kam_billing_avg_months = fields.Integer(
        "Billed Months Averaged", compute='_compute_kam_billing_avg', groups=KAM_USER,
        help="How many months the billed average covers; zero when the account has no "
             "billing in them and the tiers read the typed revenue.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    def _compute_kam_billing_avg(self):
        averages = self._kam_billed_averages()
        for partner in self:
            average, months = averages.get(partner.id, (0.0, 0))
            partner.kam_billing_avg_revenue = average
            partner.kam_billing_avg_months = months

    @api.depends_context('uid')
    def _compute_kam_billing(self):
        """The last twelve months of billing, in one grouped query for all
        the records, as the reader may read the lines."""
        sums = {}
        for account, service, bundled, revenue, cost in self.env['kam.billing.line']._read_group(
                [('kam_account_id', 'in', self.ids), *trend_domain(fields.Date.context_today(self))],
                ['kam_account_id', 'service_id', 'bundled'], ['revenue:sum', 'cost:sum']):
            total = sums.setdefault(account.id, [0.0, 0.0, 0.0, 0.0])
            total[0] += revenue
            total[1] += cost
            total[2] += revenue if service.sudo().is_ict else 0.0
            total[3] += revenue if bundled else 0.0
        for partner in self:
            revenue, cost, ict, bundled = sums.get(partner.id, (0.0, 0.0, 0.0, 0.0))
            partner.kam_has_billing = partner.id in sums
            partner.kam_billing_revenue_12m = revenue
            partner.kam_billing_margin = 100.0 * (revenue - cost) / revenue if revenue else 0.0
            partner.kam_billing_ict_share = 100.0 * ict / revenue if revenue else 0.0
            partner.kam_billing_bundled_share = 100.0 * bundled / revenue if revenue else 0.0

    @api.depends_context('uid')
    def _compute_kam_billing_group(self):
        """Billing of each company and every company below it: the groups'
        lines read once, grouped by customer, then summed down the paths."""
        groups = self.filtered('id').mapped('kam_group_id')
        rows = defaultdict(SubtreeRows)
        if groups:
            for customer, path, revenue in self.env['kam.billing.line']._read_group(
                    [('partner_id.kam_group_id', 'in', groups.ids),
                     *trend_domain(fields.Date.context_today(self))],
                    ['partner_id', 'partner_id.kam_group_path'], ['revenue:sum']):
                path = path or ''
                rows[path.split('/', 1)[0]].append((customer.id, path, revenue))
        for partner in self:
            # each company walks its own group's rows only
            prefix = partner.kam_group_path
            partner.kam_billing_group_revenue_12m = subtree_sums(
                rows[prefix.split('/', 1)[0]], partner.id, prefix)[1] if prefix else 0.0

    @api.depends_context('uid')
    def _compute_kam_billing_overdue(self):
        latest = self._kam_latest_statements()
        for partner in self:
            statement = latest.get(partner.id)
            partner.kam_billing_overdue = statement.overdue_amount if statement else 0.0
            partner.kam_billing_days_overdue = statement.days_overdue if statement else 0

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if 'kam_credit_limit' in vals:
            self.sudo()._kam_arrears_refresh(self.ids)
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_view_billing(self):
        """The account's revenue by service, month by month, over the last
        twelve months (graph, pivot and list)."""
        self.ensure_one()
        action = self._kam_action(
            'kam_billing_line_action_account',
            [('kam_account_id', '=', self.id), *trend_domain(fields.Date.context_today(self))], {})
        action['display_name'] = self.env._("Revenue by Service: %s", self.display_name)
        return action

    def action_kam_view_arrears(self):
        self.ensure_one()
        return self._kam_action('kam_billing_arrears_action',
                                [('kam_account_id', '=', self.id)], {})

    # ------------------------------------------------------------
    # Business: billed revenue for the tiers
    # ------------------------------------------------------------

    def _kam_billed_averages(self):
        """``{account id: (average monthly revenue, months)}`` of the
        accounts of ``self`` billed in the last N complete months (setting),
        whoever reads: the tier is everyone's to see."""
        months = int_param(self.env, TIER_MONTHS_PARAM, TIER_MONTHS_DEFAULT, 1)
        this_month = month_start(fields.Date.context_today(self))
        per_month = {}
        for account, _month, revenue in self.env['kam.billing.line'].sudo()._read_group(
                [('kam_account_id', 'in', self.ids), ('month', '<', this_month),
                 ('month', '>=', this_month - relativedelta(months=months))],
                ['kam_account_id', 'month:month'], ['revenue:sum']):
            per_month.setdefault(account.id, []).append(revenue)
        return {pid: (sum(values) / len(values), len(values)) for pid, values in per_month.items()}

    @api.model
    def _cron_kam_classify_tiers(self, batch_size=500):
        # the rank rules' cutoffs rank every key account with billing: once
        # for the whole run, not once per chunk (seconds each at a
        # province's 100,000 accounts); a rerun works them out again
        return super(ResPartner, self._kam_with_rank_cutoffs())._cron_kam_classify_tiers(
            batch_size)

    def _kam_classify_tiers(self):
        return super(ResPartner, self._kam_with_rank_cutoffs())._kam_classify_tiers()

    def _kam_with_rank_cutoffs(self):
        """``self`` with the rank rules' cutoffs in its context, worked out
        unless the caller already did."""
        if self.env.context.get('kam_rank_cutoffs') is not None:
            return self
        cutoffs = self.env['kam.tier']._kam_rank_cutoffs()
        return self.with_context(kam_rank_cutoffs=tuple(cutoffs.items()))

    def _kam_tier_figures(self):
        """A key account with billing is graded on its billed average, the
        typed figure staying for accounts with no billing yet; a group
        customer on its group's totals (see res_partner_tier)."""
        figures = super()._kam_tier_figures()
        billed = self._kam_billed_revenue()
        if billed and not figures['group']:
            figures.update(revenue=billed[0], billed_months=billed[1])
        figures['billed'] = billed[0] if billed else None
        return figures

    def _kam_billed_revenue(self):
        """``(average, months)`` billed for this account, or None (read
        for the whole prefetched batch at once, see the fields)."""
        self.ensure_one()
        return (self.kam_billing_avg_revenue, self.kam_billing_avg_months) \
            if self.kam_billing_avg_months else None

    # ------------------------------------------------------------
    # Business: arrears
    # ------------------------------------------------------------

    @api.model
    def _kam_arrears_refresh(self, partner_ids=None):
        """Set the arrears flag of ``partner_ids`` (all customers with
        statements or flagged, by default) from their latest statement, in
        one statement; an account out of arrears may be notified again the
        next time."""
        days = int_param(self.env, ARREARS_DAYS_PARAM, ARREARS_DAYS_DEFAULT, 0)
        self.env.flush_all()
        if partner_ids is None:
            scope = SQL("""SELECT DISTINCT partner_id FROM kam_billing_arrears
                           UNION SELECT id FROM res_partner WHERE kam_arrears_flag""")
        else:
            scope = SQL("SELECT unnest(%s::int[])", list(partner_ids))
        changed = self.env.execute_query(SQL(
            """WITH scope(id) AS (%(scope)s),
                    latest AS (SELECT DISTINCT ON (a.partner_id) a.partner_id, a.overdue_amount,
                                      a.days_overdue
                                 FROM kam_billing_arrears a JOIN scope ON scope.id = a.partner_id
                             ORDER BY a.partner_id, a.month DESC),
                    flags AS (SELECT p.id, COALESCE(l.overdue_amount > 0 AND (
                                        l.days_overdue > %(days)s
                                        OR (COALESCE(p.kam_credit_limit, 0) > 0
                                            AND l.overdue_amount > p.kam_credit_limit)), FALSE) AS flag
                                FROM res_partner p JOIN scope ON scope.id = p.id
                           LEFT JOIN latest l ON l.partner_id = p.id)
               UPDATE res_partner p
                  SET kam_arrears_flag = flags.flag,
                      kam_arrears_notified = flags.flag AND COALESCE(p.kam_arrears_notified, FALSE)
                 FROM flags
                WHERE p.id = flags.id AND COALESCE(p.kam_arrears_flag, FALSE) != flags.flag
            RETURNING p.id""", scope=scope, days=days))
        if changed:
            self.browse([pid for [pid] in changed]).invalidate_recordset(
                ['kam_arrears_flag', 'kam_arrears_notified'])
        return len(changed)

    @api.model
    def _cron_kam_billing_arrears(self, batch_size=500):
        """Daily: flag the accounts in arrears from the latest statements and
        give each newly flagged account's manager one activity, a chunk at a
        time; the activity and the mark that it was given commit together,
        so a rerun never gives it twice."""
        self._kam_arrears_refresh()
        process_in_chunks(self, [('kam_arrears_flag', '=', True),
                                 ('kam_arrears_notified', '=', False)],
                          lambda partners: partners._kam_arrears_notify(), batch_size)

    def _kam_latest_statements(self):
        """``{partner id: its latest arrears statement}``, as the caller may
        read them: the latest month of each partner, then those statements
        only (not every month's)."""
        Arrears = self.env['kam.billing.arrears']
        months = dict(Arrears._read_group(
            [('partner_id', 'in', self.ids)], ['partner_id'], ['month:max']))
        if not months:
            return {}
        statements = Arrears.search([('partner_id', 'in', [p.id for p in months]),
                                     ('month', 'in', list(set(months.values())))])
        return {statement.partner_id.id: statement for statement in statements
                if statement.month == months[statement.partner_id]}

    def _kam_arrears_notify(self):
        latest = self.sudo()._kam_latest_statements()
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        days = int_param(self.env, ARREARS_DAYS_PARAM, ARREARS_DAYS_DEFAULT, 0)
        notified = self.filtered(lambda p: p.id in latest)
        managers = {p.id: p._kam_serving_account().kam_manager_id for p in notified}
        to_notify = notified.filtered(lambda p: managers[p.id])
        for lang, partners in lang_groups(to_notify, lambda p: managers[p.id].lang).items():
            env = self.with_context(lang=lang).env

            def values(partner, env=env):
                statement = latest[partner.id]
                return {
                    'user_id': managers[partner.id].id,
                    'summary': env._("In arrears: %(amount)s overdue for %(days)s days",
                                     amount=format_amount(env, statement.overdue_amount,
                                                          statement.currency_id),
                                     days=statement.days_overdue),
                    'note': env._(
                        "The billing system's statement of %(month)s shows %(amount)s overdue "
                        "for %(days)s days (alert beyond %(limit_days)s days or above the "
                        "credit limit of %(limit)s). Call the customer's finance contact.",
                        month=statement.month.strftime('%Y-%m'),
                        amount=format_amount(env, statement.overdue_amount,
                                             statement.currency_id),
                        days=statement.days_overdue, limit_days=days,
                        limit=format_amount(env, partner.kam_credit_limit,
                                            statement.currency_id)),
                    'date_deadline': fields.Date.context_today(partner),
                }
            schedule_activities(partners.sudo(), activity_type, values)
        # notified even without a manager: nobody to tell until it changes
        self.env.execute_query(SQL(
            "UPDATE res_partner SET kam_arrears_notified = TRUE WHERE id = ANY(%s)", self.ids))
        self.invalidate_recordset(['kam_arrears_notified'])
