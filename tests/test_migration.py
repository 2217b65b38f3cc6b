import importlib.util
from datetime import date

from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools.misc import file_path
from odoo.tools.sql import column_exists

from .test_contract_common import KamContractCommon

MODULE = 'key_account_management'


def migration(version, script):
    """The ``migrate`` function of ``migrations/<version>/<script>.py``, as
    Odoo's upgrade loads and calls it."""
    path = file_path(f'{MODULE}/migrations/{version}/{script}.py')
    spec = importlib.util.spec_from_file_location(f'{MODULE}_{script}_{version}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged('post_install', '-at_install')
class TestMigration_19_0_1_1_0(KamContractCommon):
    """The upgrade to 19.0.1.1.0 run on data shaped as 19.0.1.0.0 left it:
    each piece lands where this version reads it, and what the old version
    did not have is left alone."""

    VERSION = '19.0.1.1.0'

    def _upgrade(self):
        self.env.flush_all()
        migration(self.VERSION, 'pre-migrate').migrate(self.env.cr, '19.0.1.0.0')
        migration(self.VERSION, 'post-migrate').migrate(self.env.cr, '19.0.1.0.0')
        self.env.invalidate_all()

    def test_access_rules_and_gap_free_numbers(self):
        # 1.0 loaded its record rules noupdate, with two partner rules hiding
        # key accounts, and numbered contracts and projects with gaps
        post = migration(self.VERSION, 'post-migrate')
        Data = self.env['ir.model.data']
        rules_data = Data.search([('module', '=', MODULE), ('model', '=', 'ir.rule')])
        self.assertTrue(rules_data)
        rules_data.noupdate = True
        core_rule_data = Data.search([('module', '=', 'base'), ('model', '=', 'ir.rule'),
                                      ('noupdate', '=', True)], limit=1)
        self.assertTrue(core_rule_data)
        partner_rules = self.env['ir.rule'].create([{
            'name': f"Key accounts hidden ({xmlid})",
            'model_id': self.env['ir.model']._get_id('res.partner'),
            'domain_force': "[('kam_is_key_account', '=', False)]",
            'groups': [Command.link(self.env.ref('base.group_user').id)],
        } for xmlid in post.OBSOLETE_RULES])
        Data.create([{
            'module': MODULE, 'name': xmlid.split('.')[1], 'model': 'ir.rule',
            'res_id': rule.id, 'noupdate': True,
        } for xmlid, rule in zip(post.OBSOLETE_RULES, partner_rules)])
        sequences = self.env['ir.sequence'].concat(*map(self.env.ref, post.GAP_FREE_SEQUENCES))
        self.assertEqual(len(sequences), 2)
        sequences.implementation = 'standard'

        self._upgrade()

        self.assertFalse(partner_rules.exists(), "the partner rules are gone")
        self.assertFalse(rules_data.exists().filtered('noupdate'),
                         "the module's rules are rewritten by the upgrade")
        self.assertTrue(core_rule_data.noupdate, "other modules' rules keep their flag")
        self.assertEqual(set(sequences.mapped('implementation')), {'no_gap'})
        with freeze_time(self.TODAY):
            contract = self._create_contract()
            contract.action_confirm()
        self.assertTrue(contract.name.startswith("HT/"), contract.name)

    def test_sent_reminders_strategic_industries_and_tier_currency(self):
        cr = self.env.cr
        # ends 2026-06-30, notice 45 days before: 2026-05-16
        reminded = self._create_contract(title="Reminded", notice_days=45)
        silent = self._create_contract(title="Nothing sent")
        Industry = self.env['kam.industry']
        flagged, graded, plain = Industry.create([
            {'name': "Flagged strategic"}, {'name': "Strategic with a minimum"}, {'name': "Plain"}])
        self.env.flush_all()
        # 1.0: the steps sent in a comma-separated column of the contract
        cr.execute("ALTER TABLE kam_contract ADD COLUMN reminder_done varchar")
        cr.execute("UPDATE kam_contract SET reminder_done = %s WHERE id = %s",
                   ["90,60,notice,,bad step", reminded.id])
        cr.execute("UPDATE kam_contract SET reminder_done = '' WHERE id = %s", [silent.id])
        cr.execute("SELECT write_date FROM kam_contract WHERE id = %s", [reminded.id])
        [sent_at] = cr.fetchone()
        # strategic industries were a flag, without a minimum tier
        cr.execute("UPDATE kam_industry SET is_strategic = TRUE, min_tier_id = NULL WHERE id = %s",
                   [flagged.id])
        cr.execute("UPDATE kam_industry SET is_strategic = TRUE, min_tier_id = %s WHERE id = %s",
                   [self.tier_b.id, graded.id])
        # tiers stored their currency, required
        cr.execute("ALTER TABLE kam_tier ADD COLUMN currency_id int4")
        cr.execute("UPDATE kam_tier SET currency_id = %s", [self.env.company.currency_id.id])
        cr.execute("ALTER TABLE kam_tier ALTER COLUMN currency_id SET NOT NULL")

        self._upgrade()

        self.assertFalse(column_exists(cr, 'kam_contract', 'reminder_done'))
        reminders = reminded.reminder_ids.sorted('date_due')
        self.assertEqual(
            [(r.step, r.date_due, r.date_end, r.date_sent, r.company_id, r.active) for r in reminders],
            [('90', date(2026, 4, 1), date(2026, 6, 30), sent_at, reminded.company_id, True),
             ('60', date(2026, 5, 1), date(2026, 6, 30), sent_at, reminded.company_id, True),
             ('notice', date(2026, 5, 16), date(2026, 6, 30), sent_at, reminded.company_id, True)],
            "one row per step sent; empty and unknown steps dropped")
        self.assertFalse(silent.reminder_ids)
        self.assertEqual(flagged.min_tier_id, self.tier_a, "a strategic industry asks for tier A")
        self.assertEqual(graded.min_tier_id, self.tier_b, "a minimum already set is kept")
        self.assertFalse(plain.min_tier_id)
        cr.execute("""SELECT is_nullable FROM information_schema.columns
                       WHERE table_name = 'kam_tier' AND column_name = 'currency_id'""")
        self.assertEqual(cr.fetchone()[0], 'YES', "tiers no longer need a currency of their own")
        # the contract job reads the migrated rows: the steps sent are not sent again
        self.assertEqual(reminded._kam_pending_reminders(), [('30', date(2026, 5, 31))])


@tagged('post_install', '-at_install')
class TestMigration_19_0_1_4_0(KamContractCommon):
    """The upgrade to 19.0.1.4.0 on contracts whose reminder steps were text."""

    def test_reminder_steps_become_numbers(self):
        contracts = [self._create_contract(title=f"Steps {i}") for i in range(5)]
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("ALTER TABLE kam_contract ADD COLUMN reminder_steps varchar")
        for contract, text in zip(contracts, ("90,60,30", " 30, 120", "", "90;60", "180,90,60,30")):
            cr.execute("UPDATE kam_contract SET reminder_steps = %s WHERE id = %s", [text, contract.id])
        migration('19.0.1.4.0', 'post-backend_reminder_steps').migrate(cr, '19.0.1.3.0')
        self.env.invalidate_all()
        self.assertEqual(
            [(c.reminder_days_1, c.reminder_days_2, c.reminder_days_3) for c in contracts],
            [(90, 60, 30), (120, 30, 0), (0, 0, 0), (90, 60, 30), (180, 90, 60)],
            "each text in numbers, largest first; an unreadable one keeps the defaults")
        self.assertEqual(contracts[1].reminder_steps, "120,30")
        self.assertFalse(column_exists(cr, 'kam_contract', 'reminder_steps'))
        # an upgrade run again (or on a database without the column) changes nothing
        migration('19.0.1.4.0', 'post-backend_reminder_steps').migrate(cr, '19.0.1.3.0')
        self.assertEqual(contracts[0].reminder_steps, "90,60,30")


@tagged('post_install', '-at_install')
class TestMigration_19_0_1_5_0(KamContractCommon):
    """The upgrade to 19.0.1.5.0: the C tier is judged on a filing rate of 80 %."""

    def test_c_tier_filing_target(self):
        tiers = self.tier_a | self.tier_c
        tiers.write({'filing_target': 95})
        self.env.flush_all()
        migration('19.0.1.5.0', 'post-targets').migrate(self.env.cr, '19.0.1.4.0')
        self.env.invalidate_all()
        self.assertEqual((self.tier_a.filing_target, self.tier_c.filing_target), (95, 80))
        # a target the administrator changed since stays his
        self.tier_c.filing_target = 85
        self.env.flush_all()
        migration('19.0.1.5.0', 'post-targets').migrate(self.env.cr, '19.0.1.4.0')
        self.env.invalidate_all()
        self.assertEqual(self.tier_c.filing_target, 85)
