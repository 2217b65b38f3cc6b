from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_sms import KamSmsCommon


@tagged('post_install', '-at_install')
class TestRetention(KamSmsCommon):
    """The retention job erases the personal data of the people who left more
    than the retention period ago (members removed, contacts archived,
    census entries lost), in chunks committed one after the other: a run
    killed in the middle goes on with the rest, never erasing twice; what
    contracts and accounting keep stays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Retention = cls.env['kam.retention']
        cls.today = fields.Date.context_today(cls.env.user)

    def _removed(self, member, days_ago):
        member.sudo().date_join = self.today - timedelta(days=days_ago + 400)
        member._kam_remove(self.today - timedelta(days=days_ago))
        return member

    def _age(self, records, days_ago):
        """``records`` last changed ``days_ago`` days ago."""
        self.env.flush_all()
        self.env.cr.execute(f'UPDATE "{records._table}" SET write_date = %s WHERE id IN %s',  # noqa: S608
                            (fields.Datetime.now() - timedelta(days=days_ago), tuple(records.ids)))
        records.invalidate_recordset()

    def _run(self, **kwargs):
        with self._cron_commits() as calls:
            self.Retention._cron_kam_retention(**kwargs)
        return calls

    def test_job_erases_what_is_due_and_keeps_the_rest(self):
        self.member_a2.with_user(self.user_kam).action_kam_give_consent()
        self.member_a2.sudo().write({'email': 'liufang@example.com', 'department': "财务部"})
        # a marketing SMS reached the member before leaving
        send = self._send(audience='selected', member_ids=[(6, 0, self.member_a2.ids)],
                          purpose='marketing')
        send.action_preview()
        old = self._removed(self.member_a2, 200)
        recent = self._removed(self.member_sub, 10)
        # an archived contact of a key account, with its relationship profile
        contact = self.contact_office
        contact.sudo().write({'email': 'lijing@example.com', 'function': "办公室主任"})
        profile = self.env['kam.contact.profile'].sudo().create({
            'partner_id': contact.id, 'interests': "围棋"})
        contact.sudo().active = False
        self._age(contact, 200)
        kept_contact = self.contact_it
        # a census entry lost long ago
        region = self.env['kam.region'].create({'name': "留存市", 'level': 'city'})
        grid = self.env['kam.grid'].create({'name': "留存网格", 'code': 'RT-01',
                                            'region_id': region.id, 'manager_id': self.user_kam.id})
        entry = self.env['kam.census.entry'].create({
            'name': "杭州某某贸易有限公司", 'grid_id': grid.id, 'contact_name': "钱多多", 'phone': '0571-88880002',
            'lost_reason': "不需要"})
        entry.action_lose()
        self._age(entry, 200)

        self._run()
        old.invalidate_recordset()
        self.assertEqual(old.name, f"Erased member #{old.id}")
        self.assertFalse(old.email or old.department)
        self.assertNotIn('13905712288', old.mobile)
        self.assertTrue(old.kam_erased_on)
        self.assertFalse(old.kam_consent_ids, "the consent of the person goes with them")
        self.assertEqual(old.partner_id, self.group_a, "the member keeps its company")
        line = send.recipient_ids
        self.assertEqual((line.name, line.number, line.body), ("Erased", False, False))
        self.assertTrue(line.segment_count, "what the send cost stays")
        # the chatter keeps no tracked old name or number
        tracked = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', 'kam.member'), ('mail_message_id.res_id', '=', old.id),
            ('field_id.name', 'in', ('name', 'mobile'))])
        self.assertFalse(tracked)
        # not yet due: kept
        self.assertEqual((recent.name, recent.mobile), ("郑强", '13757163301'))
        self.assertFalse(recent.kam_erased_on)
        contact.invalidate_recordset()
        self.assertEqual(contact.name, f"Erased contact #{contact.id}")
        self.assertFalse(contact.email or contact.phone or contact.function)
        self.assertEqual(contact.parent_id, self.group_a)
        self.assertFalse(profile.exists())
        self.assertEqual(kept_contact.name, "王建国", "an active contact is kept")
        entry.invalidate_recordset()
        self.assertEqual((entry.name, entry.contact_name, entry.phone),
                         ("杭州某某贸易有限公司", False, False))

    def test_retention_days_setting(self):
        old = self._removed(self.member_a2, 200)
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.retention_days', '365')
        self._run()
        self.assertEqual(old.name, "刘芳")
        self.env['res.config.settings'].create({'kam_retention_days': 100}).execute()
        self._run()
        self.assertEqual(old.name, f"Erased member #{old.id}")

    def test_job_is_chunked_and_resumable(self):
        members = self.env['kam.member'].browse([
            self._removed(self._create_member(f"成员{i}", f"1380000010{i}"), 300).id
            for i in range(5)])
        with self._cron_commits(crash_at=1) as calls, self._expect_crash():
            # the worker is killed right after committing the first chunk
            self.Retention._cron_kam_retention(batch_size=2)
        self.assertEqual(calls, [(2, 3)])
        erased = members.filtered('kam_erased_on')
        self.assertEqual(len(erased), 2, "the first chunk was done and committed")
        stamps = dict(zip(erased.ids, erased.mapped('kam_erased_on'), strict=True))
        self.assertEqual(self._run(batch_size=2), [(2, 1), (1, 0)],
                         "the rerun does only what was left")
        self.assertEqual(self._run(batch_size=2), [], "and a third run nothing")
        self.assertTrue(all(members.mapped('kam_erased_on')))
        self.assertEqual(dict(zip(erased.ids, erased.mapped('kam_erased_on'), strict=True)),
                         stamps, "what was erased is not erased again")

    def test_models_take_part_by_their_attribute(self):
        self.assertEqual(self.Retention._kam_retention_models(),
                         sorted(name for name in self.Retention._kam_retention_models()))
        for name in ('kam.member', 'res.partner', 'kam.census.entry'):
            self.assertIn(name, self.Retention._kam_retention_models())
        self.assertNotIn('kam.retention.mixin', self.Retention._kam_retention_models())
