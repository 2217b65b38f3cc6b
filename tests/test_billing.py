from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common_billing import HEADER, KamBillingCommon


@tagged('post_install', '-at_install')
class TestBillingLoad(KamBillingCommon):
    """The file and JSON-2 paths: upsert by (customer, month, service),
    whole or nothing, every bad row named."""

    def test_same_month_twice_changes_nothing(self):
        rows = [self._row(code='VOICE', revenue=5200.5, cost=1800, lines=42, minutes=18600,
                          pay_type='集团统付', bundled=1),
                self._row(code='DATA', revenue=3850, data_gb=965.5, pay_type='member')]
        self.assertEqual(self._load(rows),
                         {'created': 2, 'updated': 0, 'unchanged': 0, 'deleted': 0})
        lines = self._lines(self.account_a)
        voice = lines.filtered(lambda line: line.service_id == self.voice)
        self.assertEqual((voice.revenue, voice.cost, voice.line_count, voice.minutes),
                         (5200.5, 1800, 42, 18600))
        self.assertEqual(voice.month, self.last_month)
        self.assertEqual((voice.pay_type, voice.bundled), ('group', True))
        self.assertEqual(lines.filtered(lambda line: line.service_id == self.data).pay_type, 'member')
        # the rule columns come from the account
        self.assertEqual(voice.kam_account_id, self.account_a)
        self.assertEqual(voice.kam_account_manager_id, self.user_kam)
        footprint = lines.read(['revenue', 'write_date'])
        self.assertEqual(self._load(rows),
                         {'created': 0, 'updated': 0, 'unchanged': 2, 'deleted': 0})
        lines.invalidate_recordset()
        self.assertEqual(lines.read(['revenue', 'write_date']), footprint)

    def test_corrected_file_replaces_its_rows(self):
        self._load([self._row(code='VOICE'), self._row(code='DATA'), self._row(code='ICT'),
                    self._row(ref='CUST-B', code='VOICE'), self._row(back=2, code='VOICE')])
        counts = self._load([self._row(code='VOICE', revenue=900), self._row(code='DATA')])
        self.assertEqual(counts, {'created': 0, 'updated': 1, 'unchanged': 1, 'deleted': 1})
        last = self._lines(self.account_a).filtered(lambda line: line.month == self.last_month)
        self.assertEqual(last.service_id, self.voice | self.data)
        self.assertEqual(sorted(last.mapped('revenue')), [900, 1000])
        # other customers and months are left alone
        self.assertEqual(len(self._lines(self.account_b)), 1)
        self.assertEqual(len(self._lines(self.account_a)), 3)

    def test_bad_rows_reject_the_whole_file_with_their_lines(self):
        future = self._month(-1).strftime('%Y-%m')
        month = self.last_month.strftime('%Y-%m')
        text = "\n".join([
            HEADER,
            f"CUST-A,{month},VOICE,100,,,,,,",
            f"CUST-NOPE,{month},VOICE,100,,,,,,",
            f"CUST-A,{month},FAX,100,,,,,,",
            f"CUST-A,{month},DATA,-5,,,,,,",
            f"CUST-A,{month},ICT,abc,,,,,,",
            f"CUST-B,{future},VOICE,100,,,,,,",
            "CUST-B,13/2024,VOICE,100,,,,,,",
            f"CUST-A,{month},VOICE,100,,,,,,",
        ])
        wizard = self._wizard(text)
        with self.assertRaises(ValidationError) as catcher:
            wizard.action_import()
        message = str(catcher.exception)
        self.assertIn("Nothing was loaded: 7 of 8 rows have errors.", message)
        for expected in (
            "Line 3: unknown customer reference “CUST-NOPE”",
            "Line 4: unknown service “FAX”",
            "Line 5: revenue cannot be negative (-5)",
            "Line 6: revenue “abc” is not a number",
            f"Line 7: the month {future} is in the future",
            "Line 8: the month “13/2024” is not a month",
            "Line 9: the same customer, month and service as line 2",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("Line 2:", message)
        self.assertFalse(self.env['kam.billing.line'].search([]))
        self.assertEqual(wizard.state, 'draft')

    def test_json2_rows_named_by_number(self):
        with self.assertRaisesText(ValidationError, "Row 2: unknown column “amount”"):
            self._load([self._row(), {'customer_ref': 'CUST-A', 'amount': 5}])
        self.assertFalse(self._lines(self.account_a))

    def test_errors_in_the_callers_language(self):
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        Line = self.env['kam.billing.line'].with_user(self.user_billing).with_context(lang='zh_CN')
        with self.assertRaises(ValidationError) as catcher:
            Line.kam_billing_upsert([self._row(ref='CUST-NOPE')])
        self.assertEqual(str(catcher.exception), "未导入任何数据：1 行中有 1 行有错误。\n"
                         "第 1 行：未知客户编号 “CUST-NOPE”：没有大客户或客户使用该外部编号。")

    def test_csv_and_xlsx_files(self):
        month = self.last_month.strftime('%Y-%m')
        wizard = self._wizard(f"{HEADER}\nCUST-A,{month},VOICE,1200,300,10,500,0,group,1\n\n")
        wizard.action_import()
        self.assertEqual(wizard.state, 'done')
        self.assertIn("1 rows created", wizard.result)
        book = self._xlsx([HEADER.split(','), ['CUST-A', month, 'VOICE', 1300, 300, 10, 500, 0,
                                               'group', 1]])
        wizard = self._wizard(book, filename='billing.xlsx')
        wizard.action_import()
        self.assertIn("1 changed", wizard.result)
        self.assertEqual(self._lines(self.account_a).revenue, 1300)
        with self.assertRaisesText(ValidationError, "Line 1: the columns revenue are missing"):
            self._wizard("customer_ref,month,service_code\nCUST-A,2024-01,VOICE").action_import()

    def test_large_file_loads_in_the_background(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.billing_background_rows', 1)
        month = self.last_month.strftime('%Y-%m')
        wizard = self._wizard(f"{HEADER}\nCUST-A,{month},VOICE,1,,,,,,\nCUST-B,{month},VOICE,2,,,,,,")
        wizard.action_import()
        self.assertEqual(wizard.state, 'running')
        self.assertFalse(self.env['kam.billing.line'].search([]))
        with self._cron_commits():
            self.env['kam.billing.import.wizard']._cron_kam_billing_import()
        self.assertEqual(wizard.state, 'done')
        self.assertEqual(len(self.env['kam.billing.line'].search([])), 2)
        message = self.env['mail.message'].search(
            [('partner_ids', 'in', self.user_billing.partner_id.ids)], limit=1)
        self.assertIn("is loaded", str(message.body))


@tagged('post_install', '-at_install')
class TestBillingAccess(KamBillingCommon):
    """Billing is read by who works on the account, written by the
    billing system only, never shown in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load([cls._row('CUST-A'), cls._row('CUST-B')])
        cls._load([{'customer_ref': 'CUST-A', 'month': cls.last_month.strftime('%Y-%m'),
                    'billed': 1000, 'overdue_amount': 10, 'days_overdue': 3}], kind='arrears')
        cls.line_a = cls.env['kam.billing.line'].search([('partner_id', '=', cls.account_a.id)])
        cls.line_b = cls.env['kam.billing.line'].search([('partner_id', '=', cls.account_b.id)])

    def test_account_manager_reads_his_accounts_only(self):
        Line = self.env['kam.billing.line'].with_user(self.user_kam)
        self.assertEqual(Line.search([]), self.line_a)
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.user_kam).read(['revenue'])
        self.assertEqual(self.env['kam.billing.arrears'].with_user(self.user_kam_other).search([]),
                         self.env['kam.billing.arrears'])
        # the figures on the form follow
        self.assertEqual(self.account_a.with_user(self.user_kam).kam_billing_revenue_12m, 1000)
        self.assertEqual(self.account_b.with_user(self.user_kam).kam_billing_revenue_12m, 0)
        self.assertEqual(self.env['kam.billing.line'].with_user(self.user_kam_manager).search_count([]), 2)

    def test_lines_follow_the_account_to_its_new_manager(self):
        self.account_a.kam_manager_id = self.user_kam_other
        Line = self.env['kam.billing.line']
        self.assertEqual(Line.with_user(self.user_kam_other).search([]), self.line_a | self.line_b)
        self.assertFalse(Line.with_user(self.user_kam).search([]))
        self.assertEqual(self.env['kam.billing.arrears'].with_user(self.user_kam_other).search_count([]), 1)

    def test_nobody_but_the_billing_system_writes(self):
        for user in (self.user_kam, self.user_kam_manager):
            with self.assertRaises(AccessError):
                self.line_a.with_user(user).write({'revenue': 1})
            with self.assertRaises(AccessError):
                self._load([self._row(revenue=5)], user=user)
            with self.assertRaises(AccessError):
                self._wizard(f"{HEADER}\n", user=user)
        self.assertEqual(self.line_a.revenue, 1000)

    def test_plain_employee_and_portal_read_nothing(self):
        portal = self._create_portal_user(self.account_a, 'kam_billing_portal')
        for user in (self.user_internal, portal):
            for model in ('kam.billing.line', 'kam.billing.arrears'):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.line_a.with_user(user).read(['revenue'])
            # nor the figures on the partner
            with self.assertRaises(AccessError):
                self.account_a.with_user(user).read(['kam_billing_revenue_12m', 'kam_credit_limit'])


@tagged('post_install', '-at_install')
class TestBillingTour(HttpCase, KamBillingCommon):

    def test_billing_tour(self):
        self._load([self._row(code='VOICE', revenue=6000, cost=3000, bundled=1),
                    self._row(code='ICT', revenue=4000, cost=3000)])
        self.start_tour(
            f"/odoo/action-key_account_management.res_partner_action_key_accounts/{self.account_a.id}",
            "kam_billing_tour", login=self.user_kam.login)
