# The sheets' long column lists call a local alias `_ = self.env._`: that is
# env translation, which Odoo's extraction finds as `_(...)`.
# pylint: disable=prefer-env-translation
import base64
import io
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..models.res_partner import KAM_MANAGER, KAM_USER
from .kam_xlsx_stream import StreamWorksheet, Styled, text_workbook

_logger = logging.getLogger(__name__)

BATCH = 5000
EXPIRING_DAYS = 90


class KamExportWizard(models.TransientModel):
    """The management workbook: one xlsx with the accounts, groups,
    contracts, projects, work orders, retention and KPIs of a period,
    filtered by company, manager and tier, read with the rights of whoever
    asks (a User's workbook holds his own accounts only). Rows are streamed
    (xlsxwriter's constant memory mode, accounts read a batch at a time), so
    a workbook of 100,000 accounts stays within a few hundred MB."""
    _name = 'kam.export.wizard'
    _description = "Key Account Management Workbook"

    date_from = fields.Date(
        "From", required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
        help="First day of the period: work orders, retention cases and KPIs of the period go "
             "into the workbook; accounts, contracts and projects as they are today.")
    date_to = fields.Date(
        "To", required=True, default=fields.Date.context_today,
        help="Last day of the period.")
    company_ids = fields.Many2many(
        'res.company', string="Companies", default=lambda self: self.env.companies,
        help="Companies whose accounts are exported; the allowed ones by default.")
    user_ids = fields.Many2many(
        'res.users', string="Account Managers", domain=[('share', '=', False)],
        help="Only the accounts of these managers; all (that you may read) when empty.")
    tier_ids = fields.Many2many(
        'kam.tier', string="Tiers", help="Only the accounts of these tiers; all when empty.")

    @api.constrains('date_from', 'date_to')
    def _check_period(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(self.env._("The period ends before it starts."))
            if wizard.date_from > today:
                raise ValidationError(self.env._("The period starts in the future: there is nothing to report yet."))

    def _kam_file_name(self):
        return self.env._("Key Accounts %(start)s - %(end)s.xlsx",
                          start=self.date_from.isoformat(), end=self.date_to.isoformat())

    # ------------------------------------------------------------
    # The workbook
    # ------------------------------------------------------------

    def _kam_workbook(self, progress=None):
        """The xlsx file, as bytes. ``progress(percent, label)``, when given,
        is told how far the workbook is: at each sheet and each batch of
        accounts."""
        progress = progress or (lambda percent, label: None)
        output = io.BytesIO()
        book = text_workbook(output, {'constant_memory': True, 'default_date_format': 'yyyy-mm-dd'})
        self = self.with_context(lang=self.env.user.lang or self.env.lang)
        styles = {
            'header': book.add_format({'bold': True, 'bg_color': '#E8EAF6', 'border': 1, 'text_wrap': True}),
            'money': book.add_format({'num_format': '"¥"#,##0.00'}),
            'int': book.add_format({'num_format': '#,##0'}),
            'pct': book.add_format({'num_format': '0.0"%"'}),
            'date': book.add_format({'num_format': 'yyyy-mm-dd'}),
            'datetime': book.add_format({'num_format': 'yyyy-mm-dd hh:mm'}),
            'warn': book.add_format({'bg_color': '#FFE0B2', 'num_format': 'yyyy-mm-dd'}),
            'muted': book.add_format({'italic': True, 'font_color': '#777777'}),
        }
        accounts = self._kam_account_domain()
        _ = self.env._
        # the accounts take about half of the time, the other sheets the rest
        self._kam_sheet_accounts(book, styles, accounts, progress=lambda done: progress(
            round(50 * done), _("Accounts")))
        for step, (sheet, label) in enumerate([
                (self._kam_sheet_groups, _("Groups")), (self._kam_sheet_contracts, _("Contracts")),
                (self._kam_sheet_projects, _("Projects")),
                (self._kam_sheet_requests, _("Work Orders & SLA")),
                (self._kam_sheet_retention, _("Retention")),
                (self._kam_sheet_billing, _("Billing by Service")),
                (self._kam_sheet_billing_regions, _("Billing by Region"))]):
            progress(50 + 6 * step, label)
            sheet(book, styles, accounts)
        progress(90, _("KPIs by Manager"))
        self._kam_sheet_kpis(book, styles)
        progress(92, _("Targets"))
        self._kam_sheet_targets(book, styles)
        progress(94, _("Scorecards"))
        self._kam_sheet_scorecards(book, styles)
        progress(96, _("Opportunities"))
        self._kam_sheet_opportunities(book, styles, accounts)
        progress(98, _("Seed Checks"))
        self._kam_sheet_seed_checks(book, styles)
        book.close()
        self.env['kam.processing.log']._kam_log(
            'workbook', self.env['res.partner'], _("Management workbook %s", self._kam_file_name()),
            count=self.env['res.partner'].search_count(accounts), account=False)
        progress(100, _("Ready"))
        return output.getvalue()

    def _kam_account_domain(self):
        domain = [('kam_is_key_account', '=', True),
                  ('company_id', 'in', self.company_ids.ids + [False])]
        if self.user_ids:
            domain.append(('kam_manager_id', 'in', self.user_ids.ids))
        if self.tier_ids:
            domain.append(('kam_tier_id', 'in', self.tier_ids.ids))
        if not self.env.user.has_group(KAM_MANAGER):
            # a User's workbook holds the accounts he manages or serves
            domain += ['|', ('kam_manager_id', '=', self.env.uid),
                       ('kam_team_member_ids.user_id', '=', self.env.uid)]
        return domain

    def _kam_sheet(self, book, styles, title, columns):
        """A sheet with its header row frozen; ``columns`` are (label,
        width, format name or None). Returns the sheet, the columns' cell
        formats and a function writing the autofilter (or a "no data" line)
        once the rows are written."""
        sheet = book.add_worksheet(title, worksheet_class=StreamWorksheet)
        for col, (label, width, _format) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(0, col, label, styles['header'])
        sheet.freeze_panes(1, 0)

        def close(rows):
            if rows:
                sheet.autofilter(0, 0, rows, len(columns) - 1)
            else:
                sheet.write(1, 0, self.env._("No data for this selection."), styles['muted'])
        return sheet, [styles.get(fmt) if fmt else None for _l, _w, fmt in columns], close

    def _kam_records_sheet(self, book, styles, title, columns, model, domain, fnames, cells):
        """A sheet of the ``model`` records matching ``domain`` (with the
        caller's rights): ``cells(values)`` gives a row from the values of
        the stored fields ``fnames``, many2one fields as names."""
        sheet, formats, close = self._kam_sheet(book, styles, title, columns)
        close(sheet.write_rows(1, (cells(values) for values in self._kam_rows(model, domain, fnames)),
                               formats))

    def _kam_rows(self, model, domain, fnames):
        """The values of the stored fields ``fnames`` of the ``model``
        records matching ``domain``, by SQL a batch at a time in the order of
        their ids, many2one fields as the name of the record they point to:
        the ORM would load every column of each record and of the records
        they point to. The ids come from a search with the caller's rights.
        The names of a many2one's records are read once each, by their ids,
        as a batch meets them: joining their table to each batch would make
        PostgreSQL hash the whole table (every partner, for a contract's
        account manager) batch after batch."""
        Model = self.env[model]
        Model.flush_model(fnames)
        ids = sorted(row[0] for row in self.env.execute_query(
            Model._search(domain).select(SQL.identifier(Model._table, 'id'))))
        links = [(col, Model._fields[fname].comodel_name, {}) for col, fname in enumerate(fnames)
                 if Model._fields[fname].type == 'many2one']
        for start in range(0, len(ids), BATCH):
            query = Model.browse(ids[start:start + BATCH])._as_query(ordered=False)
            query.order = SQL.identifier(Model._table, 'id')
            rows = self.env.execute_query(query.select(
                *(Model._field_to_sql(Model._table, fname, query) for fname in fnames)))
            if not links:
                yield from rows
                continue
            for col, comodel, names in links:
                missing = {row[col] for row in rows if row[col] and row[col] not in names}
                names.update(self._kam_sql_names(comodel, missing))
            for row in rows:
                row = list(row)
                for col, _comodel, names in links:
                    row[col] = names.get(row[col])
                yield row

    def _kam_sql_names(self, comodel, ids):
        """{id: name} of the ``comodel`` records ``ids`` by one query on
        their ids (archived ones too), in the user's language."""
        if not ids:
            return {}
        Comodel = self.env[comodel]
        name = Comodel._rec_name or 'name'
        Comodel.flush_model([name])
        query = Comodel.browse(sorted(ids))._as_query(ordered=False)
        return dict(self.env.execute_query(query.select(
            SQL.identifier(Comodel._table, 'id'), Comodel._field_to_sql(Comodel._table, name, query))))

    def _kam_labels(self, model, fname):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))

    def _kam_local(self, value):
        """A UTC datetime as the user reads it (no timezone: Excel has none)."""
        return fields.Datetime.context_timestamp(self, value).replace(tzinfo=None) if value else None

    def _kam_names(self, model, ids, fname=None):
        """{id: name} of the ``model`` records ``ids``, reading that column only."""
        Model = self.env[model].with_context(active_test=False)
        fname = fname or Model._rec_name or 'display_name'
        return {record.id: record[fname] for record in Model.search_fetch([('id', 'in', list(ids))], [fname])}

    def _kam_sheet_accounts(self, book, styles, domain, progress=None):
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("Accounts"), [
            (_("Account"), 36, None), (_("Group Customer"), 30, None), (_("Tier"), 6, None),
            (_("Account Manager"), 16, None), (_("Industry"), 14, None),
            (_("Handsets / Lines"), 12, 'int'), (_("Monthly Revenue"), 16, 'money'),
            (_("Headcount"), 11, 'int'), (_("Health Score"), 10, None), (_("Health"), 10, None),
            (_("Archive Completeness (%)"), 12, 'pct'), (_("Customer Since"), 12, 'date'),
            (_("City"), 12, None)])
        Partner = self.env['res.partner']
        # the rows are read by SQL: write what is pending first
        Partner.flush_model(['name', 'kam_group_id', 'kam_tier_id', 'kam_manager_id', 'kam_industry_id',
                             'kam_handset_count', 'kam_monthly_revenue', 'kam_employee_count',
                             'kam_health_score', 'kam_health_band', 'kam_archive_completeness',
                             'kam_customer_since', 'city'])
        # the ids with the caller's rights, once; then the rows a batch at a time
        ids = [row[0] for row in self.env.execute_query(
            Partner._search(domain).select(SQL.identifier('res_partner', 'id')))]
        ids.sort()
        bands = dict(Partner._fields['kam_health_band']._description_selection(self.env))
        users = {}
        tiers = {tier.id: tier.code for tier in self.env['kam.tier'].with_context(active_test=False).search([])}
        industries = {ind.id: ind.name for ind in self.env['kam.industry'].with_context(active_test=False).search([])}
        groups = {}

        def rows():
            for start in range(0, len(ids), BATCH):
                batch = self.env.execute_query(SQL(
                    "SELECT p.id, p.name, p.kam_group_id, p.kam_tier_id, p.kam_manager_id, "
                    "p.kam_industry_id, p.kam_handset_count, p.kam_monthly_revenue, "
                    "p.kam_employee_count, p.kam_health_score, p.kam_health_band, "
                    "p.kam_archive_completeness, p.kam_customer_since, p.city "
                    "FROM res_partner p WHERE p.id = ANY(%s) ORDER BY p.id", ids[start:start + BATCH]))
                missing = {r[2] for r in batch if r[2] and r[2] not in groups}
                groups.update(self._kam_names('res.partner', missing))
                missing = {r[4] for r in batch if r[4] and r[4] not in users}
                users.update(self._kam_names('res.users', missing))
                for (pid, name, group, tier, manager, industry, handsets, revenue, headcount, score,
                     band, completeness, since, city) in batch:
                    yield (name, groups.get(group) if group != pid else None, tiers.get(tier),
                           users.get(manager), industries.get(industry), handsets, revenue, headcount,
                           score, bands.get(band), completeness, since, city)
                if progress:
                    progress(min(start + BATCH, len(ids)) / len(ids))

        close(sheet.write_rows(1, rows(), formats))

    def _kam_sheet_groups(self, book, styles, domain):
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("Groups"), [
            (_("Group Customer"), 36, None), (_("Companies"), 10, 'int'),
            (_("Handsets / Lines"), 12, 'int'), (_("Headcount"), 11, 'int'),
            (_("Monthly Revenue"), 16, 'money')])
        groups = self.env['res.partner']._read_group(
            domain, ['kam_group_id'], ['__count', 'kam_handset_count:sum', 'kam_employee_count:sum',
                                       'kam_monthly_revenue:sum'], order='kam_monthly_revenue:sum desc')
        close(sheet.write_rows(1, ((group.name, *figures) for group, *figures in groups), formats))

    def _kam_sheet_contracts(self, book, styles, account_domain):
        _ = self.env._
        states = self._kam_labels('kam.contract', 'state')
        today = fields.Date.context_today(self)

        def end_date(state, end):
            expiring = state == 'expiring' or (state == 'active' and (end - today).days <= EXPIRING_DAYS)
            return Styled(end, styles['warn']) if expiring else end

        self._kam_records_sheet(book, styles, _("Contracts"), [
            (_("Number"), 16, None), (_("Title"), 30, None), (_("Account"), 30, None),
            (_("Account Manager"), 16, None), (_("Start Date"), 12, 'date'), (_("End Date"), 12, 'date'),
            (_("Value"), 16, 'money'), (_("Status"), 12, None),
        ], 'kam.contract', [('partner_id', 'any', account_domain), ('state', '!=', 'draft')],
            ['name', 'title', 'partner_id', 'user_id', 'date_start', 'date_end', 'amount', 'state'],
            lambda c: (*c[:5], end_date(c[7], c[5]), c[6], states.get(c[7])))

    def _kam_sheet_projects(self, book, styles, account_domain):
        _ = self.env._
        stages = self._kam_labels('kam.project', 'stage')
        healths = self._kam_labels('kam.project', 'health')
        self._kam_records_sheet(book, styles, _("Projects"), [
            (_("Reference"), 14, None), (_("Project"), 30, None), (_("Account"), 30, None),
            (_("Stage"), 12, None), (_("Health"), 10, None), (_("Progress (%)"), 10, 'pct'),
            (_("Start Date"), 12, 'date'), (_("End Date"), 12, 'date'),
        ], 'kam.project', [('partner_id', 'any', account_domain)],
            ['reference', 'name', 'partner_id', 'stage', 'health', 'progress', 'date_start', 'date_end'],
            lambda p: (*p[:3], stages.get(p[3]), healths.get(p[4]), *p[5:]))

    def _kam_sheet_requests(self, book, styles, account_domain):
        _ = self.env._
        states = self._kam_labels('kam.service.request', 'state')
        slas = self._kam_labels('kam.service.request', 'sla_status')
        local = self._kam_local
        self._kam_records_sheet(book, styles, _("Work Orders & SLA"), [
            (_("Number"), 16, None), (_("Type"), 16, None), (_("Customer"), 30, None),
            (_("Status"), 12, None), (_("Submitted"), 18, 'datetime'), (_("Resolve By"), 18, 'datetime'),
            (_("SLA"), 12, None), (_("Completed"), 18, 'datetime'),
        ], 'kam.service.request', [
            # the accounts' own and those of the non-key companies just below them
            '|', ('partner_id', 'any', account_domain), ('partner_id.parent_id', 'any', account_domain),
            ('date_submitted', '>=', self.date_from), ('date_submitted', '<', self._kam_end())],
            ['name', 'type_id', 'partner_id', 'state', 'date_submitted', 'deadline_resolve',
             'sla_status', 'date_done'],
            lambda r: (*r[:3], states.get(r[3]), local(r[4]), local(r[5]), slas.get(r[6]), local(r[7])))

    def _kam_sheet_retention(self, book, styles, account_domain):
        _ = self.env._
        states = self._kam_labels('kam.retention.case', 'state')
        self._kam_records_sheet(book, styles, _("Retention"), [
            (_("Number"), 16, None), (_("Account"), 30, None), (_("Owner"), 16, None),
            (_("Stage"), 14, None), (_("Opened On"), 12, 'date'), (_("Closed On"), 12, 'date'),
            (_("Monthly Revenue at Risk"), 16, 'money'), (_("Monthly Revenue Kept"), 16, 'money'),
            (_("Cost of Actions"), 14, 'money'),
        ], 'kam.retention.case', [
            ('partner_id', 'any', account_domain), ('date_open', '<=', self.date_to),
            '|', ('date_closed', '=', False), ('date_closed', '>=', self.date_from)],
            ['name', 'partner_id', 'user_id', 'state', 'date_open', 'date_closed', 'revenue_at_risk',
             'retained_revenue', 'action_cost'],
            lambda c: (*c[:3], states.get(c[3]), *c[4:]))

    def _kam_sheet_billing(self, book, styles, account_domain):
        """Revenue, cost and margin billed per account and service line
        over the period's months, from the billing system."""
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("Billing by Service"), [
            (_("Account"), 30, None), (_("Service Line"), 18, None), (_("ICT"), 6, None),
            (_("Revenue"), 16, 'money'), (_("Cost of Service"), 16, 'money'),
            (_("Margin (%)"), 10, 'pct'), (_("Bundled"), 16, 'money')])
        rows = self.env['kam.billing.line']._read_group(
            [('kam_account_id', 'any', account_domain),
             ('month', '>=', self.date_from.replace(day=1)), ('month', '<=', self.date_to)],
            ['kam_account_id', 'service_id', 'bundled'], ['revenue:sum', 'cost:sum'])
        sums = {}
        for account, service, bundled, revenue, cost in rows:
            total = sums.setdefault((account, service), [0.0, 0.0, 0.0])
            total[0] += revenue
            total[1] += cost
            total[2] += revenue if bundled else 0.0
        yes = _("Yes")
        close(sheet.write_rows(1, (
            (account.display_name, service.name, yes if service.is_ict else "", revenue, cost,
             100.0 * (revenue - cost) / revenue if revenue else 0.0, bundled)
            for (account, service), (revenue, cost, bundled) in sorted(
                sums.items(), key=lambda item: (item[0][0].display_name, item[0][1].sequence))),
            formats))

    def _kam_sheet_kpis(self, book, styles):
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("KPIs by Manager"), [
            (_("Month"), 11, 'date'), (_("Account Manager"), 16, None), (_("Tier"), 6, None),
            (_("Accounts at End"), 10, 'int'), (_("Retention Rate (%)"), 10, 'pct'),
            (_("Growth Rate (%)"), 10, 'pct'), (_("Monthly Revenue"), 16, 'money'),
            (_("Average Value per Account"), 14, 'money'), (_("Satisfaction"), 10, None),
            (_("Member Coverage (%)"), 10, 'pct'), (_("Stability Rate (%)"), 10, 'pct'),
            (_("Archive Completeness (%)"), 12, 'pct'), (_("Accounts per Manager"), 10, 'int'),
            *self._kam_kpi_billing_columns()])
        domain = [('month', '>=', self.date_from.replace(day=1)), ('month', '<=', self.date_to),
                  ('company_id', 'in', self.company_ids.ids)]
        if self.user_ids:
            domain.append(('user_id', 'in', self.user_ids.ids))
        if self.tier_ids:
            domain.append(('tier_id', 'in', self.tier_ids.ids))
        snapshots = self.env['kam.kpi.snapshot'].search(domain, order='month, user_id, tier_id')
        rows = sheet.write_rows(1, ((
            s.month, s.user_id.name or _("Unassigned"), s.tier_id.code, s.accounts_end,
            s.retention_rate, s.growth_rate, s.revenue, s.average_value, s.satisfaction,
            s.member_coverage, s.stability_rate, s.archive_completeness, s.accounts_per_manager,
            *self._kam_kpi_billing_cells(s))
            for s in snapshots), formats)
        if rows:
            chart = book.add_chart({'type': 'column'})
            chart.add_series({
                'name': _("Monthly Revenue"),
                'categories': [sheet.name, 1, 1, rows, 1],
                'values': [sheet.name, 1, 6, rows, 6],
            })
            chart.set_title({'name': _("Monthly revenue by manager")})
            chart.set_legend({'none': True})
            sheet.insert_chart(rows + 2, 1, chart, {'x_scale': 1.6, 'y_scale': 1.2})
        close(rows)

    def _kam_sheet_targets(self, book, styles):
        """The targets running in the period that the requester may read,
        with their achievement."""
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("Targets"), [
            (_("KPI"), 18, None), (_("Start"), 11, 'date'), (_("End"), 11, 'date'),
            (_("Level"), 12, None), (_("Unit"), 20, None), (_("Split From"), 30, None),
            (_("Target"), 14, 'money'), (_("Month to Date"), 14, 'money'),
            (_("Year to Date"), 14, 'money'), (_("Achieved"), 14, 'money'),
            (_("Achievement (%)"), 10, 'pct')])
        domain = [('date_start', '<=', self.date_to), ('date_end', '>=', self.date_from),
                  ('company_id', 'in', self.company_ids.ids)]
        if self.user_ids:
            domain += ['|', ('level', '!=', 'user'), ('user_id', 'in', self.user_ids.ids)]
        targets = self.env['kam.target'].search(domain, order='kpi, date_start, level_rank, id')
        kpis, levels = self._kam_labels('kam.target', 'kpi'), self._kam_labels('kam.target', 'level')
        close(sheet.write_rows(1, ((
            kpis.get(t.kpi), t.date_start, t.date_end, levels.get(t.level), t.unit_name,
            t.parent_id.display_name or '', t.target_value, t.achieved_mtd, t.achieved_ytd,
            t.achieved, t.achievement_rate) for t in targets), formats))

    def _kam_end(self):
        return fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)

    # ------------------------------------------------------------
    # Monthly mailing
    # ------------------------------------------------------------

    @api.model
    def _cron_kam_mail_workbook(self):
        """Monthly: each configured recipient gets last month's workbook,
        made with his own rights, in his language."""
        today = fields.Date.context_today(self)
        end = today.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
        template = self.env.ref('key_account_management.mail_template_kam_workbook')
        for company in self.env['res.company'].search([]):
            recipients = company.kam_workbook_user_ids.sudo().filtered(
                lambda u: u.active and u.email and u.has_group(KAM_USER)
                and u.kam_workbook_month != start)
            for user in recipients:
                try:
                    with self.env.cr.savepoint():
                        self._kam_mail_workbook_to(user, company, start, end, template)
                except Exception:  # noqa: BLE001 -- one recipient never stops the others
                    _logger.exception("Monthly workbook for %s could not be made", user.login)
                self.env['ir.cron']._commit_progress(1)

    def _kam_mail_workbook_to(self, user, company, start, end, template):
        wizard = self.with_user(user).with_company(company).with_context(lang=user.lang).create({
            'date_from': start, 'date_to': end, 'company_ids': [(6, 0, company.ids)]})
        attachment = self.env['ir.attachment'].create({
            'name': wizard._kam_file_name(),
            'datas': base64.b64encode(wizard._kam_workbook()),
            'mimetype': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
        template.with_context(lang=user.lang).send_mail(
            wizard.id, email_values={'attachment_ids': [(4, attachment.id)],
                                     'email_to': user.email_formatted, 'recipient_ids': []},
            force_send=False)
        # sent: a rerun of the job skips him
        user.sudo().kam_workbook_month = start
