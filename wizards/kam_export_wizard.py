import base64
import io
import logging
from datetime import timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..models.res_partner import KAM_MANAGER, KAM_USER
from .kam_xlsx_stream import StreamWorksheet

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

    # ------------------------------------------------------------
    # Action
    # ------------------------------------------------------------

    def action_export(self):
        """Make the workbook and download it."""
        self.ensure_one()
        content = self._kam_workbook()
        attachment = self.env['ir.attachment'].create({
            'name': self._kam_file_name(), 'raw': content, 'res_model': self._name,
            'res_id': self.id,
            'mimetype': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
        return {
            'type': 'ir.actions.act_url',
            'url': f'/web/content/{attachment.id}?download=true',
            'target': 'download',
        }

    def _kam_file_name(self):
        return self.env._("Key Accounts %(start)s - %(end)s.xlsx",
                          start=self.date_from.isoformat(), end=self.date_to.isoformat())

    # ------------------------------------------------------------
    # The workbook
    # ------------------------------------------------------------

    def _kam_workbook(self):
        """The xlsx file, as bytes."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {'constant_memory': True, 'default_date_format': 'yyyy-mm-dd',
                                            'strings_to_numbers': False, 'strings_to_formulas': False})
        self = self.with_context(lang=self.env.user.lang or self.env.lang)
        styles = {
            'header': book.add_format({'bold': True, 'bg_color': '#E8EAF6', 'border': 1, 'text_wrap': True}),
            'money': book.add_format({'num_format': '"¥"#,##0.00'}),
            'int': book.add_format({'num_format': '#,##0'}),
            'pct': book.add_format({'num_format': '0.0"%"'}),
            'date': book.add_format({'num_format': 'yyyy-mm-dd'}),
            'warn': book.add_format({'bg_color': '#FFE0B2', 'num_format': 'yyyy-mm-dd'}),
            'muted': book.add_format({'italic': True, 'font_color': '#777777'}),
        }
        accounts = self._kam_account_domain()
        self._kam_sheet_accounts(book, styles, accounts)
        self._kam_sheet_groups(book, styles, accounts)
        self._kam_sheet_contracts(book, styles, accounts)
        self._kam_sheet_projects(book, styles, accounts)
        self._kam_sheet_requests(book, styles, accounts)
        self._kam_sheet_retention(book, styles, accounts)
        self._kam_sheet_kpis(book, styles)
        book.close()
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
        width) pairs. Returns the sheet and a function writing the
        autofilter (or a "no data" line) once the rows are written."""
        sheet = book.add_worksheet(title, worksheet_class=StreamWorksheet)
        for col, (label, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(0, col, label, styles['header'])
        sheet.freeze_panes(1, 0)

        def close(rows):
            if rows:
                sheet.autofilter(0, 0, rows, len(columns) - 1)
            else:
                sheet.write(1, 0, self.env._("No data for this selection."), styles['muted'])
        return sheet, close

    def _kam_write(self, sheet, row, values, styles_by_col):
        for col, value in enumerate(values):
            style = styles_by_col.get(col)
            if value is None or value is False:
                continue
            if style is not None:
                sheet.write(row, col, value, style)
            else:
                sheet.write(row, col, value)

    def _kam_names(self, model, ids, fname='display_name'):
        records = self.env[model].browse(ids).with_context(active_test=False)
        return {record.id: record[fname] for record in records}

    def _kam_sheet_accounts(self, book, styles, domain):
        _ = self.env._
        sheet, close = self._kam_sheet(book, styles, _("Accounts"), [
            (_("Account"), 36), (_("Group Customer"), 30), (_("Tier"), 6), (_("Account Manager"), 16),
            (_("Industry"), 14), (_("Handsets / Lines"), 12), (_("Monthly Revenue"), 16),
            (_("Headcount"), 11), (_("Health Score"), 10), (_("Health"), 10),
            (_("Archive Completeness (%)"), 12), (_("Customer Since"), 12), (_("City"), 12)])
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
        formats = [None, None, None, None, None, styles['int'], styles['money'], styles['int'],
                   None, None, styles['pct'], styles['date'], None]

        def rows():
            for start in range(0, len(ids), BATCH):
                batch = self.env.execute_query(SQL(
                    "SELECT p.id, p.name, p.kam_group_id, p.kam_tier_id, p.kam_manager_id, "
                    "p.kam_industry_id, p.kam_handset_count, p.kam_monthly_revenue, "
                    "p.kam_employee_count, p.kam_health_score, p.kam_health_band, "
                    "p.kam_archive_completeness, p.kam_customer_since, p.city "
                    "FROM res_partner p WHERE p.id = ANY(%s) ORDER BY p.id", ids[start:start + BATCH]))
                missing = {r[2] for r in batch if r[2] and r[2] not in groups}
                groups.update(self._kam_names('res.partner', list(missing), 'name'))
                missing = {r[4] for r in batch if r[4] and r[4] not in users}
                users.update(self._kam_names('res.users', list(missing), 'name'))
                for (pid, name, group, tier, manager, industry, handsets, revenue, headcount, score,
                     band, completeness, since, city) in batch:
                    yield (name, groups.get(group) if group != pid else None, tiers.get(tier),
                           users.get(manager), industries.get(industry), handsets, revenue, headcount,
                           score, bands.get(band), completeness, since, city)

        close(sheet.write_rows(1, rows(), formats))

    def _kam_sheet_groups(self, book, styles, domain):
        _ = self.env._
        sheet, close = self._kam_sheet(book, styles, _("Groups"), [
            (_("Group Customer"), 36), (_("Companies"), 10), (_("Handsets / Lines"), 12),
            (_("Headcount"), 11), (_("Monthly Revenue"), 16)])
        rows = self.env['res.partner']._read_group(
            domain, ['kam_group_id'], ['__count', 'kam_handset_count:sum', 'kam_employee_count:sum',
                                       'kam_monthly_revenue:sum'], order='kam_monthly_revenue:sum desc')
        formats = {1: styles['int'], 2: styles['int'], 3: styles['int'], 4: styles['money']}
        row = 0
        for group, count, handsets, headcount, revenue in rows:
            row += 1
            self._kam_write(sheet, row, [group.name, count, handsets, headcount, revenue], formats)
        close(row)

    def _kam_sheet_contracts(self, book, styles, account_domain):
        _ = self.env._
        sheet, close = self._kam_sheet(book, styles, _("Contracts"), [
            (_("Number"), 16), (_("Title"), 30), (_("Account"), 30), (_("Account Manager"), 16),
            (_("Start Date"), 12), (_("End Date"), 12), (_("Value"), 16), (_("Status"), 12)])
        Contract = self.env['kam.contract']
        states = dict(Contract._fields['state']._description_selection(self.env))
        today = fields.Date.context_today(self)
        row = 0
        formats = {4: styles['date'], 5: styles['date'], 6: styles['money']}
        for contracts in self._kam_batches(Contract, [
                ('partner_id', 'any', account_domain), ('state', '!=', 'draft')],
                ['name', 'title', 'partner_id', 'user_id', 'date_start', 'date_end', 'amount', 'state']):
            for contract in contracts:
                row += 1
                expiring = contract.state == 'expiring' or (
                    contract.state == 'active' and (contract.date_end - today).days <= EXPIRING_DAYS)
                self._kam_write(sheet, row, [
                    contract.name, contract.title, contract.partner_id.name, contract.user_id.name,
                    contract.date_start, contract.date_end, contract.amount, states.get(contract.state)],
                    {**formats, 5: styles['warn']} if expiring else formats)
        close(row)

    def _kam_sheet_projects(self, book, styles, account_domain):
        _ = self.env._
        sheet, close = self._kam_sheet(book, styles, _("Projects"), [
            (_("Reference"), 14), (_("Project"), 30), (_("Account"), 30), (_("Stage"), 12),
            (_("Health"), 10), (_("Progress (%)"), 10), (_("Start Date"), 12), (_("End Date"), 12)])
        Project = self.env['kam.project']
        stages = dict(Project._fields['stage']._description_selection(self.env))
        healths = dict(Project._fields['health']._description_selection(self.env))
        row = 0
        formats = {5: styles['pct'], 6: styles['date'], 7: styles['date']}
        for projects in self._kam_batches(Project, [('partner_id', 'any', account_domain)],
                                          ['reference', 'name', 'partner_id', 'stage', 'health',
                                           'progress', 'date_start', 'date_end']):
            for project in projects:
                row += 1
                self._kam_write(sheet, row, [
                    project.reference, project.name, project.partner_id.name, stages.get(project.stage),
                    healths.get(project.health), project.progress, project.date_start, project.date_end],
                    formats)
        close(row)

    def _kam_sheet_requests(self, book, styles, account_domain):
        _ = self.env._
        sheet, close = self._kam_sheet(book, styles, _("Work Orders & SLA"), [
            (_("Number"), 16), (_("Type"), 16), (_("Customer"), 30), (_("Status"), 12),
            (_("Submitted"), 18), (_("Resolve By"), 18), (_("SLA"), 12), (_("Completed"), 18)])
        Request = self.env['kam.service.request']
        states = dict(Request._fields['state']._description_selection(self.env))
        slas = dict(Request._fields['sla_status']._description_selection(self.env))
        datetime_style = styles['date']
        row = 0
        for requests in self._kam_batches(Request, [
                # the accounts' own and those of the non-key companies just below them
                '|', ('partner_id', 'any', account_domain), ('partner_id.parent_id', 'any', account_domain),
                ('date_submitted', '>=', self.date_from), ('date_submitted', '<', self._kam_end())],
                ['name', 'type_id', 'partner_id', 'state', 'date_submitted', 'deadline_resolve',
                 'sla_status', 'date_done']):
            for request in requests:
                row += 1
                self._kam_write(sheet, row, [
                    request.name, request.type_id.name, request.partner_id.name,
                    states.get(request.state), fields.Datetime.context_timestamp(self, request.date_submitted).replace(tzinfo=None) if request.date_submitted else None,
                    fields.Datetime.context_timestamp(self, request.deadline_resolve).replace(tzinfo=None) if request.deadline_resolve else None,
                    slas.get(request.sla_status),
                    fields.Datetime.context_timestamp(self, request.date_done).replace(tzinfo=None) if request.date_done else None],
                    {4: datetime_style, 5: datetime_style, 7: datetime_style})
        close(row)

    def _kam_sheet_retention(self, book, styles, account_domain):
        _ = self.env._
        sheet, close = self._kam_sheet(book, styles, _("Retention"), [
            (_("Number"), 16), (_("Account"), 30), (_("Owner"), 16), (_("Stage"), 14),
            (_("Opened On"), 12), (_("Closed On"), 12), (_("Monthly Revenue at Risk"), 16),
            (_("Monthly Revenue Kept"), 16), (_("Cost of Actions"), 14)])
        Case = self.env['kam.retention.case']
        states = dict(Case._fields['state']._description_selection(self.env))
        row = 0
        formats = {4: styles['date'], 5: styles['date'], 6: styles['money'], 7: styles['money'],
                   8: styles['money']}
        for cases in self._kam_batches(Case, [
                ('partner_id', 'any', account_domain), ('date_open', '<=', self.date_to),
                '|', ('date_closed', '=', False), ('date_closed', '>=', self.date_from)],
                ['name', 'partner_id', 'user_id', 'state', 'date_open', 'date_closed',
                 'revenue_at_risk', 'retained_revenue', 'action_cost']):
            for case in cases:
                row += 1
                self._kam_write(sheet, row, [
                    case.name, case.partner_id.name, case.user_id.name, states.get(case.state),
                    case.date_open, case.date_closed, case.revenue_at_risk, case.retained_revenue,
                    case.action_cost], formats)
        close(row)

    def _kam_sheet_kpis(self, book, styles):
        _ = self.env._
        columns = [
            (_("Month"), 11), (_("Account Manager"), 16), (_("Tier"), 6), (_("Accounts at End"), 10),
            (_("Retention Rate (%)"), 10), (_("Growth Rate (%)"), 10), (_("Monthly Revenue"), 16),
            (_("Average Value per Account"), 14), (_("Satisfaction"), 10), (_("Member Coverage (%)"), 10),
            (_("Stability Rate (%)"), 10), (_("Archive Completeness (%)"), 12),
            (_("Accounts per Manager"), 10)]
        sheet, close = self._kam_sheet(book, styles, _("KPIs by Manager"), columns)
        domain = [('month', '>=', self.date_from.replace(day=1)), ('month', '<=', self.date_to),
                  ('company_id', 'in', self.company_ids.ids)]
        if self.user_ids:
            domain.append(('user_id', 'in', self.user_ids.ids))
        if self.tier_ids:
            domain.append(('tier_id', 'in', self.tier_ids.ids))
        snapshots = self.env['kam.kpi.snapshot'].search(domain, order='month, user_id, tier_id')
        formats = {0: styles['date'], 3: styles['int'], 4: styles['pct'], 5: styles['pct'],
                   6: styles['money'], 7: styles['money'], 9: styles['pct'], 10: styles['pct'],
                   11: styles['pct']}
        row = 0
        for snapshot in snapshots:
            row += 1
            self._kam_write(sheet, row, [
                snapshot.month, snapshot.user_id.name or _("Unassigned"), snapshot.tier_id.code,
                snapshot.accounts_end, snapshot.retention_rate, snapshot.growth_rate, snapshot.revenue,
                snapshot.average_value, snapshot.satisfaction, snapshot.member_coverage,
                snapshot.stability_rate, snapshot.archive_completeness, snapshot.accounts_per_manager],
                formats)
        if row:
            chart = book.add_chart({'type': 'column'})
            chart.add_series({
                'name': _("Monthly Revenue"),
                'categories': [sheet.name, 1, 1, row, 1],
                'values': [sheet.name, 1, 6, row, 6],
            })
            chart.set_title({'name': _("Monthly revenue by manager")})
            chart.set_legend({'none': True})
            sheet.insert_chart(row + 2, 1, chart, {'x_scale': 1.6, 'y_scale': 1.2})
        close(row)

    def _kam_end(self):
        return fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)

    def _kam_batches(self, model, domain, fnames):
        """The records of ``model`` matching ``domain`` (with the caller's
        rights), a batch at a time, each batch's fields read at once."""
        last_id = 0
        while True:
            records = model.search_fetch(domain + [('id', '>', last_id)], fnames, limit=BATCH, order='id')
            if not records:
                return
            yield records
            last_id = records[-1].id
            model.env.invalidate_all()

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
