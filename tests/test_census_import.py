import csv
import io

from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from .common_census import CODE_1, CODE_2, CODE_3, KamCensusCommon
from .test_member_import import OPTIONS

FIELDS = ['name', 'uscc', 'grid_id', 'industry_id', 'size', 'city', 'competitor_id',
          'competitor_contract_end']


@tagged('post_install', '-at_install')
class TestCensusImport(KamCensusCommon):
    """A grid manager imports his grid's organisations through Odoo's
    import: the whole file, or nothing with each wrong line named."""

    def _import(self, rows, user=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(FIELDS)
        writer.writerows(rows)
        wizard = self.env['base_import.import'].with_user(user or self.user_kam).with_context(
            tracking_disable=True).create({
                'res_model': 'kam.census.entry', 'file': buffer.getvalue().encode(),
                'file_type': 'text/csv', 'file_name': 'census.csv'})
        return wizard.execute_import(FIELDS, FIELDS, dict(OPTIONS))

    def _entries(self):
        return self.env['kam.census.entry'].search([('grid_id', 'in', (self.grid | self.grid_ningbo).ids)])

    def test_whole_file(self):
        rows = [[f"文三路单位{i:03d}有限公司", '', 'HZ-XH-01', self.industry_retail.name, 'small',
                 "杭州", '', ''] for i in range(300)]
        rows[0][1], rows[1][1] = CODE_1, CODE_2.lower()
        rows[2][6:8] = [self.competitor.name, '2027-06-30']
        result = self._import(rows)
        self.assertFalse(result['messages'], result['messages'][:3])
        self.assertFalse(result.get('nextrow'), "one call imports the whole file")
        entries = self._entries()
        self.assertEqual(len(entries), 300)
        self.assertIn(CODE_2, entries.mapped('uscc'))
        self.assertEqual(set(entries.mapped('grid_manager_id')), {self.user_kam})
        self.assertEqual(len(entries.filtered('competitor_id')), 1)

    @mute_logger('odoo.sql_db', 'odoo.orm.models', 'odoo.models')
    def test_bad_rows_named_nothing_written(self):
        self._entry("已登记单位", uscc=CODE_3)
        before = self._entries()
        rows = [
            ["甲单位", CODE_1, 'HZ-XH-01', '', 'small', "杭州", '', ''],               # 0 ok
            ["丙单位", CODE_1, 'HZ-XH-01', '', 'small', "杭州", '', ''],               # 1 dup of 0
            ["乙单位", '91350100M000100Y44', 'HZ-XH-01', '', 'small', "杭州", '', ''],  # 2 check char
            ["丁单位", '', 'XX-00', '', 'small', "杭州", '', ''],                      # 3 unknown grid
            ["戊单位", CODE_3, 'HZ-XH-01', '', 'small', "杭州", '', ''],               # 4 already recorded
            ["己单位", CODE_2, 'HZ-XH-01', '', 'small', "杭州", '', ''],               # 5 ok
        ]
        result = self._import(rows)
        errors = [message for message in result['messages'] if message['type'] == 'error']
        by_row = {}
        for message in errors:
            by_row.setdefault(message['record'], []).append(message['message'])
        self.assertEqual(sorted(set(by_row) - {0}), [1, 2, 3, 4], by_row)
        self.assertIn(CODE_1, by_row[1][0])
        self.assertIn("check character", by_row[2][0])
        self.assertIn("XX-00", by_row[3][0])
        self.assertIn(CODE_3, by_row[4][0])
        self.assertFalse(result['ids'])
        self.assertEqual(self._entries(), before, "nothing is written")
        # corrected, the same file goes in
        rows[1][1], rows[2][1], rows[3][2], rows[4][1] = '', '', 'NB-JB-01', ''
        result = self._import(rows, self.user_kam_manager)
        self.assertFalse(result['messages'])
        self.assertEqual(len(self._entries()), len(before) + 6)

    @mute_logger('odoo.sql_db', 'odoo.orm.models', 'odoo.models')
    def test_other_grids_cannot_be_imported_into(self):
        result = self._import([["越权单位", '', 'NB-JB-01', '', '', '', '', '']])
        self.assertTrue(result['messages'])
        self.assertFalse(self.env['kam.census.entry'].search([('name', '=', "越权单位")]))

    def test_template_is_offered(self):
        [template] = self.env['kam.census.entry'].get_import_templates()
        with file_open(template['template'].lstrip('/'), 'rb') as handle:
            header = handle.readline().decode()
        self.assertTrue(header.startswith('name,uscc,grid_id,industry_id'))
