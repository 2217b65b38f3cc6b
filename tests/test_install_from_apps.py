import logging

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.res_partner_install import KAM_INSTALL_COLUMNS

_models_logger = logging.getLogger('odoo.models')


@tagged('post_install', '-at_install')
class TestInstallSpeed(TransactionCase):
    """The install adds its stored computed columns to res_partner without
    computing every partner in Python (Odoo logs "Prepare computation of"
    each field it would): SQL fills them with what the computes give."""

    def test_partner_columns_filled_by_sql(self):
        Partner = self.env['res.partner']
        group = Partner.create({'name': "华东港务集团", 'is_company': True, 'vat': "91330000X",
                                'phone': "0571-1", 'street': "环城北路 1 号", 'city': "杭州"})
        port = Partner.create({'name': "宁波港", 'is_company': True, 'parent_id': group.id,
                               'city': "宁波"})
        pier = Partner.create({'name': "一号码头", 'is_company': True, 'parent_id': port.id})
        clerk = Partner.create({'name': "陈文员", 'parent_id': pier.id})
        loner = Partner.create({'name': "独立联系人"})
        partners = group | port | pier | clerk | loner
        self.env.flush_all()
        # the table as the install finds it: none of the addon's columns
        for name in KAM_INSTALL_COLUMNS:
            self.env.cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s CASCADE",
                                    SQL.identifier(name)))
        self.env.invalidate_all()
        with self.assertLogs('odoo.models', logging.INFO) as logs:
            self.registry.init_models(self.env.cr, ['res.partner'],
                                      {'module': 'key_account_management'}, install=True)
            _models_logger.info("res.partner initialised")
        computed = [line for line in logs.output if "Prepare computation of res.partner.kam_" in line]
        self.assertFalse(computed, "no partner is computed one by one at install")
        self.env.invalidate_all()
        self.assertEqual(
            [(p.kam_group_path, p.kam_group_id, p.kam_group_depth) for p in partners],
            [(f"{group.id}/", group, 0),
             (f"{group.id}/{port.id}/", group, 1),
             (f"{group.id}/{port.id}/{pier.id}/", group, 2),
             (f"{group.id}/{port.id}/{pier.id}/", group, 2),
             (False, Partner, 0)])
        self.assertEqual(partners.mapped('kam_archive_completeness'), [40.0, 10.0, 0.0, 0.0, 0.0])
        self.assertFalse(any(partners.mapped('kam_archive_incomplete')))
        self.assertFalse(any(partners.mapped('kam_last_visit_date')))
        self.assertEqual(partners.mapped('kam_satisfaction_count'), [0] * 5)
        # companies' names normalised for the duplicate search, contacts none
        self.assertEqual(partners.mapped('kam_name_key'), ["华东港务集团", "宁波港", "一号码头", False, False])
        # the index and the foreign key of the group column are back
        self.env.cr.execute("""
            SELECT count(*) FROM pg_constraint
             WHERE conrelid = 'res_partner'::regclass AND contype = 'f'
               AND conkey = ARRAY[(SELECT attnum FROM pg_attribute
                                    WHERE attrelid = 'res_partner'::regclass
                                      AND attname = 'kam_group_id')]""")
        self.assertEqual(self.env.cr.fetchone()[0], 1)


@tagged('post_install', '-at_install')
class TestAppsEntry(TransactionCase):
    """An administrator finds the app in Apps by its Chinese name before
    installing it: the Apps screen reads the manifest (the addon's own
    translations only load at install)."""

    def test_apps_search_finds_the_chinese_name(self):
        self.env['res.lang']._activate_lang('zh_CN')
        Module = self.env['ir.module.module'].with_context(lang='zh_CN')
        values = Module.get_values_from_terp(Module.get_module_info('key_account_management'))
        self.assertIn("大客户", values['shortdesc'])
        self.assertIn("大客户", values['summary'])
        self.assertRegex(values['author'], r"[\u4e00-\u9fff]")
        # what update_list writes, searched as the Apps search box does
        module = Module._get('key_account_management').with_context(lang='zh_CN')
        module.with_context(lang=None).write(values)
        for text in ("大客户", "集团客户", "Key Account"):
            found = Module.search(['|', '|', ('summary', 'ilike', text),
                                   ('shortdesc', 'ilike', text), ('name', 'ilike', text),
                                   ('application', '=', True)])
            self.assertIn(module, found, f"Apps finds the app by {text}")
