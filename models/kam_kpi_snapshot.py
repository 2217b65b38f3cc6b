from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.orm.models import parse_read_group_spec
from odoo.tools import SQL

from .kam_service_request import OPEN_STATES as OPEN_REQUEST_STATES
from .kam_tools import int_param
from .res_partner_member import ENROLLED_STATES

DEFAULT_TARGETS = {
    'retention': 95,      # % of the accounts at the month's start still key accounts at its end
    'satisfaction': 4,    # average satisfaction out of 5
    'stability': 70,      # % of the members enrolled at the start still enrolled at the end
}
EXPIRING_DAYS = 90
# figures of a moment: over several months, a group of rows shows those of
# its latest month (its earliest for the accounts at start), not their sum
LATEST_MONTH = ('accounts_end', 'revenue', 'members', 'headcount', 'open_requests',
                'contracts_expiring', 'projects_late')
EARLIEST_MONTH = ('accounts_start',)


def kpi_target(env, name):
    return int_param(env, f'key_account_management.kpi_target_{name}', DEFAULT_TARGETS[name])


class KamKpiSnapshot(models.Model):
    """Monthly key-account KPIs per account manager × tier × company, kept
    so that months compare. A month's rows are replaced when it is computed
    again (idempotent); each figure is read from the source records with
    grouped reads. Definitions, for the month M of a row (its accounts are
    the active key accounts of that manager, tier and company when M is
    computed: at the end of M by the monthly job):

    * Accounts at start: the row's accounts at the end of M-1 (the previous
      month's row for the same manager, tier and company; 0 when none).
    * Accounts at end: the row's accounts now. New: those whose *Customer
      Since* falls in M. Lost: accounts at start that are no longer key
      accounts (archived or unflagged). Retained: accounts at start still key
      accounts, whoever manages them.
    * Retention rate = retained ÷ accounts at start; growth rate = (end −
      start) ÷ start (0 % without accounts at start).
    * Revenue: monthly revenue of the accounts at end, in the company's
      currency; average value = revenue ÷ accounts at end.
    * Satisfaction: average of the accounts' satisfaction (last three rated
      visits), over the accounts rated.
    * Members: enrolled members (active or suspended) of the accounts' own
      companies and of the non-key companies they serve; member coverage =
      members ÷ headcount. Stability = members enrolled at M's start still
      enrolled at its end ÷ members enrolled at its start.
    * A rate without its base (no account at start, no account rated, no
      member enrolled at start, no headcount) is left empty, so that the
      averages of a group of rows count only the rows where it applies.
    * Archive completeness: average share of the profile filled.
    * Accounts per manager: the manager's accounts at end over all tiers.
    * Open work orders (now), work orders past SLA (submitted in M),
      contracts expiring (running, ending within 90 days after M), late
      projects (open, past their end date)."""
    _name = 'kam.kpi.snapshot'
    _description = "Key Account KPI Snapshot"
    _order = 'month desc, company_id, user_id, tier_id'
    _rec_name = 'month'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    month = fields.Date(required=True, index=True, readonly=True,
                        help="First day of the month the figures are for.")
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True,
                                 help="Company of the accounts.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the revenue.")
    user_id = fields.Many2one('res.users', "Account Manager", index=True, readonly=True,
                              help="Manager of the accounts; empty for unassigned accounts.")
    tier_id = fields.Many2one('kam.tier', readonly=True,
                              help="Tier of the accounts; empty for accounts without a tier.")
    account_ids = fields.Many2many(
        'res.partner', 'kam_kpi_snapshot_account_rel', 'snapshot_id', 'partner_id',
        string="Accounts", readonly=True,
        help="The accounts of the row at the end of the month; the next month's row counts "
             "its accounts at start and its losses from them.")
    accounts_start = fields.Integer("Accounts at Start", readonly=True, help="See the model's definitions.")
    accounts_end = fields.Integer("Accounts at End", readonly=True, help="Active key accounts of the row.")
    accounts_new = fields.Integer("New Accounts", readonly=True,
                                  help="Accounts whose Customer Since falls in the month.")
    accounts_lost = fields.Integer("Lost Accounts", readonly=True,
                                   help="Accounts at start that are no longer key accounts.")
    accounts_retained = fields.Integer("Retained Accounts", readonly=True,
                                       help="Accounts at start still key accounts at the end.")
    retention_rate = fields.Float("Retention Rate (%)", readonly=True, digits=(5, 1), aggregator='avg',
                                  help="Retained ÷ accounts at start.")
    growth_rate = fields.Float("Growth Rate (%)", readonly=True, digits=(5, 1), aggregator='avg',
                               help="(Accounts at end − at start) ÷ at start.")
    revenue = fields.Monetary("Monthly Revenue", readonly=True,
                              help="Monthly revenue of the accounts at end, in the company's currency.")
    average_value = fields.Monetary("Average Value per Account", readonly=True, aggregator='avg',
                                    help="Revenue ÷ accounts at end.")
    satisfaction = fields.Float(readonly=True, digits=(3, 2), aggregator='avg',
                                help="Average satisfaction (1-5) of the rated accounts.")
    members = fields.Integer(readonly=True, help="Enrolled group members of the accounts.")
    headcount = fields.Integer(readonly=True, help="Employees of the accounts.")
    member_coverage = fields.Float("Member Coverage (%)", readonly=True, digits=(5, 1), aggregator='avg',
                                   help="Members ÷ headcount.")
    stability_rate = fields.Float("Stability Rate (%)", readonly=True, digits=(5, 1), aggregator='avg',
                                  help="Members enrolled at the month's start still enrolled at its end.")
    archive_completeness = fields.Float("Archive Completeness (%)", readonly=True, digits=(5, 1),
                                        aggregator='avg', help="Average share of the profile filled.")
    accounts_per_manager = fields.Integer("Accounts per Manager", readonly=True, aggregator='max',
                                          help="The manager's accounts over all tiers.")
    open_requests = fields.Integer("Open Work Orders", readonly=True, help="Open now.")
    breached_requests = fields.Integer("Work Orders Past SLA", readonly=True,
                                       help="Submitted in the month and past an SLA deadline.")
    contracts_expiring = fields.Integer(readonly=True,
                                        help="Running contracts ending within 90 days after the month.")
    projects_late = fields.Integer("Late Projects", readonly=True, help="Open projects past their end date.")
    retention_target = fields.Float("Retention Target (%)", readonly=True, digits=(5, 1), aggregator='avg',
                                    help="The retention rate aimed at (Settings) when the month was computed.")
    satisfaction_target = fields.Float(readonly=True, digits=(3, 2), aggregator='avg',
                                       help="The satisfaction aimed at (Settings) when the month was computed.")
    stability_target = fields.Float("Stability Target (%)", readonly=True, digits=(5, 1), aggregator='avg',
                                    help="The stability rate aimed at (Settings) when the month was computed.")
    retention_ok = fields.Boolean("Retention on Target", readonly=True,
                                  help="Retention rate at or above its target (Settings).")
    satisfaction_ok = fields.Boolean("Satisfaction on Target", readonly=True,
                                     help="Satisfaction at or above its target (Settings).")
    stability_ok = fields.Boolean("Stability on Target", readonly=True,
                                  help="Stability rate at or above its target (Settings).")
    completeness_ok = fields.Boolean("Completeness on Target", readonly=True,
                                     help="Archive completeness at or above the tier's requirement.")
    load_ok = fields.Boolean("Workload on Target", readonly=True,
                             help="Accounts per manager within the capacity (Settings).")

    _month_row_uniq = models.UniqueIndex(
        "(month, company_id, COALESCE(user_id, 0), COALESCE(tier_id, 0))",
        "A month has one KPI row per manager, tier and company.")

    # ------------------------------------------------------------
    # Reporting: positions are not added up over months
    # ------------------------------------------------------------

    @api.model
    def formatted_read_group(self, *args, **kwargs):
        return super(KamKpiSnapshot, self.with_context(kam_kpi_positions=True)).formatted_read_group(
            *args, **kwargs)

    @api.model
    def formatted_read_grouping_sets(self, *args, **kwargs):
        return super(KamKpiSnapshot, self.with_context(
            kam_kpi_positions=True)).formatted_read_grouping_sets(*args, **kwargs)

    def _read_group_select(self, aggregate_spec, query):
        """In the reports (pivot, graph, grouped lists, the dashboard), the
        sum of a position (accounts, members, revenue, open work at a
        month's end) over a group of rows spanning several months is the
        sum over the rows of its latest month, so that a view without the
        month (a quarter, a year, a manager's total) shows the accounts he
        has, not a multiple of them; the accounts at start, the rows of its
        earliest month. Flows (new, lost, breaches) add up. The code's own
        grouped reads (targets, scorecards) keep plain sums."""
        result = super()._read_group_select(aggregate_spec, query)
        if not self.env.context.get('kam_kpi_positions'):
            return result
        fname, _property, func = parse_read_group_spec(aggregate_spec)
        if func != 'sum' or fname not in LATEST_MONTH + EARLIEST_MONTH:
            return result
        value = self._field_to_sql(self._table, fname, query)
        month = self._field_to_sql(self._table, 'month', query)
        edge = SQL("MAX(%s)", month) if fname in LATEST_MONTH else SQL("MIN(%s)", month)
        return SQL(
            "(SELECT COALESCE(SUM(kam_row.value), 0) FROM unnest(ARRAY_AGG(%s), ARRAY_AGG(%s)) "
            "AS kam_row(value, month) WHERE kam_row.month = %s)", value, month, edge)

    # ------------------------------------------------------------
    # Computing a month
    # ------------------------------------------------------------

    @api.model
    def _kam_compute_month(self, month, companies=None):
        """(Re)compute the KPI rows of ``month`` (any day of it) for
        ``companies`` (all by default): the month's rows are replaced."""
        month = fields.Date.to_date(month).replace(day=1)
        today = fields.Date.context_today(self)
        if month > today:
            raise UserError(self.env._("KPIs cannot be computed for a month that has not begun."))
        month_end = month + relativedelta(months=1, days=-1)
        as_of = min(month_end, today)
        companies = companies or self.env['res.company'].sudo().search([])
        self = self.sudo()
        Partner = self.env['res.partner'].sudo().with_context(active_test=True)
        accounts = Partner.search_fetch(
            [('kam_is_key_account', '=', True)],
            ['kam_manager_id', 'kam_tier_id', 'company_id', 'kam_monthly_revenue', 'kam_currency_id',
             'kam_employee_count', 'kam_archive_completeness', 'kam_satisfaction',
             'kam_customer_since'])
        default_company = self.env.company
        key_of = {}
        for account in accounts:
            company = account.company_id or default_company
            if company in companies:
                key_of[account.id] = (account.kam_manager_id.id, account.kam_tier_id.id, company.id)
        current_ids = set(accounts.ids)
        # archived accounts stay in last month's rows: they are the losses
        previous = self.with_context(active_test=False).search([
            ('month', '=', month - relativedelta(months=1)), ('company_id', 'in', companies.ids)])
        start_sets = {(row.user_id.id, row.tier_id.id, row.company_id.id): set(row.account_ids.ids)
                      for row in previous}

        members = self._kam_member_figures(accounts, month, as_of)
        work_orders = self._kam_request_figures(accounts, month, as_of)
        contracts = dict(self.env['kam.contract'].sudo()._read_group(
            [('partner_id', 'in', accounts.ids), ('state', 'in', ('active', 'expiring')),
             ('date_end', '>', as_of), ('date_end', '<=', as_of + timedelta(days=EXPIRING_DAYS))],
            ['partner_id'], ['__count']))
        projects = dict(self.env['kam.project'].sudo()._read_group(
            [('partner_id', 'in', accounts.ids), ('stage', 'in', ('draft', 'in_progress')),
             ('health', '=', 'late')], ['partner_id'], ['__count']))
        rates = {}

        rows = defaultdict(lambda: defaultdict(float))
        row_accounts = defaultdict(list)
        for account in accounts:
            key = key_of.get(account.id)
            if not key:
                continue
            row = rows[key]
            row_accounts[key].append(account.id)
            company = self.env['res.company'].browse(key[2])
            currency = account.kam_currency_id or company.currency_id
            if (currency, company) not in rates:
                rates[currency, company] = currency._get_conversion_rate(
                    currency, company.currency_id, company, as_of)
            row['revenue'] += account.kam_monthly_revenue * rates[currency, company]
            row['headcount'] += account.kam_employee_count
            row['completeness'] += account.kam_archive_completeness
            if account.kam_satisfaction:
                row['satisfaction'] += account.kam_satisfaction
                row['rated'] += 1
            if account.kam_customer_since and month <= account.kam_customer_since <= month_end:
                row['new'] += 1
            for fname, value in members.get(account.id, {}).items():
                row[fname] += value
            for fname, value in work_orders.get(account.id, {}).items():
                row[fname] += value
            row['contracts'] += contracts.get(account, 0)
            row['projects'] += projects.get(account, 0)

        per_manager = defaultdict(int)
        for (user_id, _tier_id, company_id), ids in row_accounts.items():
            per_manager[user_id, company_id] += len(ids)
        capacity = self.env['res.users']._kam_capacity()
        targets = {name: kpi_target(self.env, name) for name in DEFAULT_TARGETS}
        tiers = {tier.id: tier for tier in self.env['kam.tier'].with_context(active_test=False).search([])}
        values, not_applicable = [], defaultdict(list)
        for key in set(rows) | set(start_sets):
            user_id, tier_id, company_id = key
            row, ids = rows[key], row_accounts.get(key, [])
            start = start_sets.get(key, set())
            retained = len(start & current_ids)
            end = len(ids)
            completeness = row['completeness'] / end if end else 0.0
            satisfaction = row['satisfaction'] / row['rated'] if row['rated'] else 0.0
            stability = (100.0 * row['kept'] / row['enrolled_start']) if row['enrolled_start'] else 0.0
            retention = 100.0 * retained / len(start) if start else 0.0
            load = per_manager[user_id, company_id]
            # rates without a base (no account at start, none rated, no
            # member enrolled at start) are left empty: averages skip them
            for fname, applicable in (('retention_rate', start), ('growth_rate', start),
                                      ('satisfaction', row['rated']),
                                      ('stability_rate', row['enrolled_start']),
                                      ('member_coverage', row['headcount']),
                                      ('average_value', end), ('archive_completeness', end)):
                if not applicable:
                    not_applicable[fname].append(len(values))
            values.append({
                'month': month, 'company_id': company_id, 'user_id': user_id or False,
                'tier_id': tier_id or False, 'account_ids': [fields.Command.set(ids)],
                'accounts_start': len(start), 'accounts_end': end, 'accounts_new': int(row['new']),
                'accounts_lost': len(start) - retained, 'accounts_retained': retained,
                'retention_rate': retention,
                'growth_rate': 100.0 * (end - len(start)) / len(start) if start else 0.0,
                'revenue': row['revenue'], 'average_value': row['revenue'] / end if end else 0.0,
                'satisfaction': satisfaction,
                'members': int(row['members']), 'headcount': int(row['headcount']),
                'member_coverage': 100.0 * row['members'] / row['headcount'] if row['headcount'] else 0.0,
                'stability_rate': stability, 'archive_completeness': completeness,
                'accounts_per_manager': load if user_id else 0,
                'open_requests': int(row['open']), 'breached_requests': int(row['breached']),
                'contracts_expiring': int(row['contracts']), 'projects_late': int(row['projects']),
                'retention_target': targets['retention'], 'satisfaction_target': targets['satisfaction'],
                'stability_target': targets['stability'],
                'retention_ok': not start or retention >= targets['retention'],
                'satisfaction_ok': not row['rated'] or satisfaction >= targets['satisfaction'],
                'stability_ok': not row['enrolled_start'] or stability >= targets['stability'],
                'completeness_ok': not end or completeness >= (
                    tiers[tier_id].required_completeness if tier_id in tiers else 0),
                'load_ok': not user_id or load <= capacity,
            })
        self.search([('month', '=', month), ('company_id', 'in', companies.ids)]).unlink()
        snapshots = self.create(values)
        snapshots.flush_recordset()
        for fname, indexes in not_applicable.items():
            self.env.execute_query(SQL("UPDATE kam_kpi_snapshot SET %s = NULL WHERE id = ANY(%s)",
                                       SQL.identifier(fname), [snapshots[i].id for i in indexes]))
        snapshots.invalidate_recordset(list(not_applicable))
        self.env['kam.target']._kam_refresh_for_month(month, companies)
        return snapshots

    def _kam_serving_map(self, partners, accounts):
        """``{partner id: account}``: the key account serving each partner."""
        account_ids = set(accounts.ids)
        serving = {}
        for partner in partners:
            account = partner if partner.id in account_ids else partner._kam_serving_account()
            if account and account.id in account_ids:
                serving[partner.id] = account.id
        return serving

    def _kam_member_figures(self, accounts, month, as_of):
        Member = self.env['kam.member'].sudo().with_context(active_test=False)
        enrolled_end = Member._read_group(
            [('group_id', 'in', accounts.kam_group_id.ids), ('state', 'in', ENROLLED_STATES),
             ('active', '=', True)], ['partner_id'], ['__count'])
        # enrolled at the month's start: joined before it, not left before it
        at_start = [('group_id', 'in', accounts.kam_group_id.ids),
                    '|', ('date_join', '=', False), ('date_join', '<', month),
                    '|', ('date_leave', '=', False), ('date_leave', '>=', month)]
        enrolled_start = Member._read_group(at_start, ['partner_id'], ['__count'])
        kept = Member._read_group(
            at_start + ['|', ('date_leave', '=', False), ('date_leave', '>', as_of)],
            ['partner_id'], ['__count'])
        partners = self.env['res.partner'].union(
            *(partner for rows in (enrolled_end, enrolled_start, kept) for partner, _c in rows))
        serving = self._kam_serving_map(partners, accounts)
        figures = defaultdict(lambda: defaultdict(int))
        for fname, rows in (('members', enrolled_end), ('enrolled_start', enrolled_start),
                            ('kept', kept)):
            for partner, count in rows:
                if partner.id in serving:
                    figures[serving[partner.id]][fname] += count
        return figures

    def _kam_request_figures(self, accounts, month, as_of):
        Request = self.env['kam.service.request'].sudo()
        groups = accounts.kam_group_id.ids
        open_rows = Request._read_group(
            [('group_id', 'in', groups), ('state', 'in', OPEN_REQUEST_STATES)],
            ['partner_id'], ['__count'])
        breached_rows = Request._read_group(
            [('group_id', 'in', groups), ('date_submitted', '>=', month),
             ('date_submitted', '<', as_of + timedelta(days=1)),
             '|', ('sla_accept_breached', '=', True), ('sla_resolve_breached', '=', True)],
            ['partner_id'], ['__count'])
        partners = self.env['res.partner'].union(
            *(partner for rows in (open_rows, breached_rows) for partner, _c in rows))
        serving = self._kam_serving_map(partners, accounts)
        figures = defaultdict(lambda: defaultdict(int))
        for fname, rows in (('open', open_rows), ('breached', breached_rows)):
            for partner, count in rows:
                if partner.id in serving:
                    figures[serving[partner.id]][fname] += count
        return figures

    @api.model
    def _cron_kam_kpi_snapshot(self):
        """Monthly (on the 1st): the KPIs of the month that just ended, and
        the current month so far. Rerunning replaces the same rows."""
        today = fields.Date.context_today(self)
        for month in (today.replace(day=1) - relativedelta(months=1), today.replace(day=1)):
            self._kam_compute_month(month)
            self.env['ir.cron']._commit_progress(1)
