from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from ..models import kam_bulk_mail
from ..models.kam_bulk_mail import insert_activities, log_notes, render_each, sql_ready
from ..models.kam_tools import create_activities
from .test_contract_common import KamContractCommon

# columns that differ between any two rows whoever writes them
VOLATILE = {'id', 'create_date', 'write_date', 'date', 'res_id', 'res_name'}


@tagged('post_install', '-at_install')
class TestBulkMail(KamContractCommon):
    """The jobs' notes, activities and reminder bodies are written in bulk
    (models/kam_bulk_mail.py): the rows must be the ones Odoo's own create
    and rendering give, column by column."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('zh_CN')
        cls.user_kam_other.lang = 'zh_CN'
        cls.contracts = cls.env['kam.contract']
        for i, (account, vals) in enumerate((
                (cls.account, {'notice_days': 60}),
                (cls.account_other, {'auto_renew': True}),
                (cls.account, {}),
                (cls.account_other, {'notice_days': 400}))):
            cls.contracts |= cls._create_contract(
                partner_id=account.id, title=f"Line {i} <fibre & copper>", **vals)

    def _rows(self, model, ids):
        Model = self.env[model]
        Model.flush_model()
        names = [name for name, field in Model._fields.items()
                 if field.store and field.column_type and name not in VOLATILE]
        self.env.cr.execute(f'SELECT {", ".join(names)} FROM {Model._table} '
                            f'WHERE id = ANY(%s) ORDER BY id', [list(ids)])
        return [dict(zip(names, row)) for row in self.env.cr.fetchall()]

    def test_registry_is_reproduced(self):
        """In this database the bulk path is the one taken; a create of
        another module sends the helpers back to Odoo's create."""
        self.assertTrue(sql_ready(self.env['mail.message']))
        self.assertTrue(sql_ready(self.env['mail.activity']))
        fields = type(self.env['mail.activity'])._fields
        # plain classes standing for what another addon would bring
        foreign_create = type('ForeignCreate', (), {
            '__module__': 'odoo.addons.other_module.models.mail_activity',
            '_name': 'mail.activity', '_fields': fields, 'create': lambda self, vals_list: None})
        self.assertFalse(kam_bulk_mail._sql_ready(foreign_create))
        computed = type('Field', (), {'name': 'x_score', 'store': True, 'compute': '_compute_x'})()
        foreign_field = type('ForeignField', (), {
            '__module__': 'odoo.addons.mail.models.mail_activity', '_name': 'mail.activity',
            '_fields': dict(fields, x_score=computed)})
        self.assertFalse(kam_bulk_mail._sql_ready(foreign_field))

    def test_notes_are_what_odoo_logs(self):
        first, second = self.contracts[:2]
        body = "Status: <b>expired</b> & renewed"
        odoo = first._message_log_batch({first.id: body}, subject="Reminder")
        ours = log_notes(second, {second.id: body}, subject="Reminder")
        [odoo_row], [our_row] = self._rows('mail.message', odoo.ids), self._rows('mail.message', ours.ids)
        odoo_row.pop('message_id'), our_row.pop('message_id')
        self.assertEqual(our_row, odoo_row)
        self.assertIn("&lt;b&gt;expired", our_row['body'], "text is escaped as Odoo escapes it")
        # the chatter shows it at once (the document's cache is invalidated)
        self.assertIn(ours, second.message_ids)

    def test_activities_are_what_odoo_creates(self):
        first, second = self.contracts[:2]
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_contract_renewal')
        vals = {'activity_type_id': activity_type.id, 'user_id': self.user_kam_other.id,
                'res_model_id': self.env['ir.model']._get_id('kam.contract'), 'automated': True,
                'summary': "Renew", 'note': "<p>Call <script>x()</script>the customer</p>",
                'date_deadline': date(2026, 3, 9)}
        odoo = self.env['mail.activity'].with_context(mail_activity_quick_update=True).create(
            dict(vals, res_id=first.id))
        self.assertFalse(second.activity_state)  # read before: in the cache
        ours = create_activities(self.env, [dict(vals, res_id=second.id)])
        self.assertEqual(self._rows('mail.activity', ours.ids), self._rows('mail.activity', odoo.ids))
        self.assertEqual(ours.res_name, second.display_name)
        self.assertEqual(ours.user_tz, self.user_kam_other.tz)
        self.assertNotIn('script', ours.note)
        self.assertEqual(second.activity_ids, ours)
        self.assertEqual(second.activity_state, 'overdue', "what depends on activities is read again")
        self.assertIn(self.user_kam_other.partner_id, second.message_partner_ids)

    def test_odoo_create_when_the_registry_asks(self):
        """The fallback (another addon's create or stored field): the same
        activity, follower and note, through Odoo's own create."""
        contract = self.contracts[2]
        with patch.object(kam_bulk_mail, 'sql_ready', return_value=False):
            activities = create_activities(self.env, [{
                'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
                'res_model_id': self.env['ir.model']._get_id('kam.contract'), 'res_id': contract.id,
                'user_id': self.user_kam_other.id, 'date_deadline': date(2026, 3, 9)}])
            notes = log_notes(contract, {contract.id: "Checked"})
        self.assertEqual(contract.activity_ids, activities)
        self.assertIn(self.user_kam_other.partner_id, contract.message_partner_ids)
        self.assertIn(notes, contract.message_ids)

    def test_access_is_checked_without_sudo(self):
        """Without sudo the activity is Odoo's to allow: another manager's
        contract is refused, and nothing is left behind."""
        contract = self.contracts[1]  # the other manager's
        model_id = self.env['ir.model']._get_id('kam.contract')
        before = self.env['mail.activity'].search_count([])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            insert_activities(self.env(user=self.user_kam), [{
                'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
                'res_model_id': model_id, 'res_id': contract.id, 'user_id': self.user_kam.id,
                'date_deadline': date(2026, 3, 9)}], sudo=False)
        self.assertEqual(self.env['mail.activity'].search_count([]), before)

    @freeze_time('2026-03-02')
    def test_reminder_bodies_are_what_odoo_renders(self):
        """One compilation per language gives each contract the body Odoo's
        rendering gives it, in its manager's language."""
        template = self.env.ref('key_account_management.mail_template_kam_contract_reminder')
        self.contracts.invalidate_recordset()
        expected = template._render_field('body_html', self.contracts.ids, compute_lang=True)
        got = render_each(template, 'body_html', self.contracts)
        self.assertEqual(got, expected)
        self.assertEqual(len(set(got.values())), len(self.contracts), "each contract its own body")
        # two languages, two compilations: the other manager reads Chinese
        self.assertEqual(set(template._render_lang(self.contracts.ids).values()), {'en_US', 'zh_CN'})
