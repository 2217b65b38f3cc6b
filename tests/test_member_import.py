import csv
import io
import logging
import time

from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from .common_member import KamMemberCommon

_logger = logging.getLogger(__name__)

FIELDS = ['name', 'mobile', 'partner_id', 'department', 'job_title', 'product_id']
HEADERS = ["Name", "Mobile", "Company", "Department", "Position", "Service Plan"]
# what the import screen sends (it asks for batches of 2,000 rows)
OPTIONS = {
    'has_headers': True, 'quoting': '"', 'separator': ',', 'encoding': 'utf-8',
    'date_format': '%Y-%m-%d', 'datetime_format': '', 'float_thousand_separator': ',',
    'float_decimal_separator': '.', 'advanced': False, 'keep_matches': False,
    'limit': 2000, 'skip': 0, 'import_skip_records': [], 'import_set_empty_fields': [],
    'fallback_values': {}, 'name_create_enabled_fields': {}, 'tracking_disable': True,
}


@tagged('post_install', '-at_install')
class TestMemberImport(KamMemberCommon):
    """An account manager imports the group's members from a spreadsheet
    through Odoo's import: a whole group at once, or nothing when a row is
    wrong, each wrong row named."""

    def _import(self, rows, user=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADERS)
        writer.writerows(rows)
        # the import screen's context: no chatter line per imported record
        wizard = self.env['base_import.import'].with_user(user or self.user_kam).with_context(
            tracking_disable=True).create({
                'res_model': 'kam.member', 'file': buffer.getvalue().encode(),
                'file_type': 'text/csv', 'file_name': 'members.csv'})
        return wizard.execute_import(FIELDS, HEADERS, dict(OPTIONS))

    def _members(self):
        return self.env['kam.member'].search([('group_id', '=', self.group_a.id)])

    def test_5000_members_in_one_go(self):
        companies = [self.group_a.name, self.sub_a.name]
        rows = [[f"成员{i:04d}", f"+86 139-{i // 10000:04d}-{i % 10000:04d}", companies[i % 2],
                 f"部门{i % 12}", "职员", self.plan.name] for i in range(5000)]
        start, queries = time.time(), self.env.cr.sql_log_count
        result = self._import(rows)
        elapsed, queries = time.time() - start, self.env.cr.sql_log_count - queries
        _logger.info("5,000 members imported in %.1fs, %d queries", elapsed, queries)
        self.assertFalse(result['messages'], result['messages'][:3])
        self.assertEqual(len(result['ids']), 5000)
        self.assertFalse(result.get('nextrow'), "one call imports the whole file")
        members = self._members()
        self.assertEqual(len(members), 5000)
        self.assertEqual(set(members.mapped('product_id')), {self.plan})
        self.assertIn("13900004999", members.mapped('mobile'))
        self.assertEqual(members.filtered(lambda m: m.partner_id == self.sub_a).kam_account_manager_id,
                         self.user_kam)
        self.env.invalidate_all()
        self.assertEqual(self.group_a.kam_group_member_count, 5000)
        self.assertEqual(self.sub_a.kam_member_count, 2500)
        # companies and plans are looked up once per name, not per row (that
        # was 6 queries a row); what remains is Odoo's own per-row checks
        self.assertLess(queries, 4 * 5000, f"5,000 members took {queries} queries")

    @mute_logger('odoo.sql_db', 'odoo.orm.models', 'odoo.models')
    def test_bad_rows_reported_by_row_nothing_written(self):
        self._create_member("已有成员", "13905719999")
        before = self._members()
        rows = [
            ["张伟", "138 1234 5678", self.group_a.name, "信息中心", "工程师", self.plan.name],  # 0 ok
            ["李娜", "1381234", self.group_a.name, "信息中心", "工程师", self.plan.name],  # 1 malformed
            ["王芳", "13812345679", self.sub_a.name, "运维部", "专责", self.plan.name],  # 2 ok
            ["赵强", "+86 138 1234 5679", self.group_a.name, "财务部", "会计", self.plan.name],  # 3 dup of 2
            ["钱明", "13812345680", "不存在的公司", "办公室", "文员", self.plan.name],  # 4 unknown company
            ["孙丽", "139 0571 9999", self.sub_a.name, "办公室", "文员", self.plan.name],  # 5 already enrolled
            ["周敏", "13812345681", self.sub_a.name, "办公室", "文员", self.plan.name],  # 6 ok
        ]
        result = self._import(rows)
        errors = [message for message in result['messages'] if message['type'] == 'error']
        by_row = {}
        for message in errors:
            by_row.setdefault(message['record'], []).append(message['message'])
        # every wrong row is named; Odoo's import also repeats the first
        # error of the whole batch on its first row
        self.assertEqual(sorted(set(by_row) - {0}), [1, 3, 4, 5], by_row)
        self.assertEqual(by_row.get(0, by_row[1]), by_row[1])
        self.assertIn("1381234", by_row[1][0])
        self.assertIn("13812345679", by_row[3][0])
        self.assertIn("不存在的公司", by_row[4][0])
        self.assertIn("13905719999", by_row[5][0])
        self.assertFalse(result['ids'])
        self.assertEqual(self._members(), before, "nothing is written")
        # corrected, the same file goes in
        rows[1][1], rows[3][1], rows[4][2], rows[5][1] = (
            "13812345682", "13812345683", self.group_a.name, "13812345684")
        result = self._import(rows)
        self.assertFalse(result['messages'])
        self.assertEqual(len(self._members()), len(before) + 7)

    def test_other_accounts_cannot_be_imported_into(self):
        result = self._import([["张伟", "13812345678", self.group_b.name, "", "", ""]])
        self.assertTrue(result['messages'])
        self.assertFalse(self.env['kam.member'].search([('group_id', '=', self.group_b.id)]))

    def test_template_imports_as_is(self):
        templates = self.env['kam.member'].get_import_templates()
        self.assertEqual(len(templates), 1)
        path = templates[0]['template'].lstrip('/')
        with file_open(path, 'rb') as handle:
            content = handle.read()
        # the template's example rows: 华东能源集团有限公司 and 华东电力有限公司
        self.env['product.product'].create({'name': "5G 畅享套餐 128元", 'type': 'service'})
        wizard = self.env['base_import.import'].with_user(self.user_kam).create({
            'res_model': 'kam.member', 'file': content, 'file_name': 'template.xlsx',
            'file_type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'})
        preview = wizard.parse_preview({'has_headers': True})
        self.assertIsNone(preview.get('error'))
        fields = ['/'.join(match) for match in preview['matches'].values()]
        self.assertEqual(fields, ['name', 'mobile', 'partner_id', 'department', 'job_title',
                                  'email', 'product_id', 'date_join'])
        options = dict(OPTIONS, separator='', encoding='')
        result = wizard.execute_import(fields, preview['headers'], options)
        self.assertFalse(result['messages'], result['messages'])
        members = self.env['kam.member'].browse(result['ids'])
        self.assertEqual(members.mapped('mobile'), ['13812345678', '13987654321'])
        self.assertEqual(members.partner_id, self.group_a | self.sub_a)
