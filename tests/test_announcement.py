from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, new_test_user, tagged

from .common import KamCommon


class KamAnnouncementCommon(KamCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.Announcement = cls.env['kam.announcement']
        cls.channel = cls.env.ref('key_account_management.discuss_channel_kam_announcements')
        # the managers of tier A accounts: user_kam (energy) and user_kam_other (gov)
        cls.account_a = cls._create_account("Energy Group", kam_tier_id=cls.tier_a.id,
                                            kam_industry_id=cls.industry_energy.id)
        cls.account_a2 = cls._create_account("City Bureau", kam_tier_id=cls.tier_a.id,
                                             kam_manager_id=cls.user_kam_other.id)
        cls.account_c = cls._create_account("Corner Shop", kam_tier_id=cls.tier_c.id,
                                            kam_manager_id=cls.user_kam_manager.id)
        cls.subsidiary = cls._create_account("Energy Gas", parent_id=cls.account_a.id)
        cls.portal_a = cls._create_portal_user(cls.account_a, 'kam_ann_portal_a')
        cls.portal_sub = cls._create_portal_user(cls.subsidiary, 'kam_ann_portal_sub')
        cls.portal_c = cls._create_portal_user(cls.account_c, 'kam_ann_portal_c')

    @classmethod
    def _announcement(cls, publish=True, **vals):
        announcement = cls.Announcement.with_user(cls.user_kam_manager).create(dict({
            'name': "New 5G tariffs", 'body': "<p>From next month.</p>",
            'date_expire': cls.today + timedelta(days=10),
        }, **vals))
        if publish:
            announcement.action_publish()
        return announcement.with_env(cls.env)

    def _channel_posts(self, title):
        return self.env['mail.message'].search([
            ('model', '=', 'discuss.channel'), ('res_id', '=', self.channel.id),
            ('subject', '=', title)])


@tagged('post_install', '-at_install')
class TestAnnouncement(KamAnnouncementCommon):
    """Audiences, publishing once to the staff channel, expiry, read receipts
    and who writes and reads announcements."""

    def test_audience_resolution(self):
        everyone = self._announcement(name="To all")
        kam_users = self.user_kam | self.user_kam_other | self.user_kam_manager | self.user_kam_admin
        self.assertLessEqual(kam_users, everyone.recipient_user_ids)
        self.assertNotIn(self.user_internal, everyone.recipient_user_ids)
        self.assertFalse(everyone.recipient_user_ids.filtered('share'))
        tier = self._announcement(name="To tier A", audience='tier', tier_id=self.tier_a.id)
        self.assertEqual(tier.recipient_user_ids, self.user_kam | self.user_kam_other)
        portal = self._announcement(name="To the energy group", audience='portal',
                                    partner_ids=[(6, 0, self.account_a.ids)])
        self.assertEqual(portal.recipient_user_ids, self.portal_a | self.portal_sub)

    def test_publish_posts_once_in_the_staff_channel(self):
        self.assertIn(self.user_kam.partner_id, self.channel.channel_member_ids.partner_id,
                      "Key Accounts users are members of the channel")
        announcement = self._announcement(publish=False, audience='tier', tier_id=self.tier_a.id,
                                          must_read=True)
        self.assertFalse(self._channel_posts("New 5G tariffs"))
        self.assertIs(announcement.with_user(self.user_kam_manager).action_publish(), True)
        post = self._channel_posts("New 5G tariffs")
        self.assertEqual(len(post), 1)
        self.assertIn("From next month.", post.body)
        self.assertEqual(post.partner_ids, self.user_kam.partner_id | self.user_kam_other.partner_id)
        with self.assertRaisesText(UserError, "Publishing is not possible"):
            announcement.with_user(self.user_kam_manager).action_publish()
        self.assertEqual(len(self._channel_posts("New 5G tariffs")), 1)
        # customers' notices stay out of the staff channel
        self._announcement(name="Portal notice", audience='portal',
                           partner_ids=[(6, 0, self.account_c.ids)])
        self.assertFalse(self._channel_posts("Portal notice"))

    def test_bad_input(self):
        with self.assertRaisesText(ValidationError, "cannot expire before"):
            self._announcement(publish=False, date_publish=self.today,
                               date_expire=self.today - timedelta(days=1))
        with self.assertRaisesText(ValidationError, "Choose the tier"):
            self._announcement(publish=False, audience='tier')
        with self.assertRaisesText(ValidationError, "Choose the customers"):
            self._announcement(publish=False, audience='portal')
        late = self._announcement(publish=False, date_publish=self.today - timedelta(days=5),
                                  date_expire=self.today - timedelta(days=1))
        with self.assertRaisesText(UserError, "expiry date has passed"):
            late.with_user(self.user_kam_manager).action_publish()
        self.assertEqual(late.state, 'draft')
        self.assertFalse(late.recipient_user_ids)

    def test_only_managers_write_users_read_theirs(self):
        with self.assertRaises(AccessError):
            self.Announcement.with_user(self.user_kam).create({'name': "Mine"})
        draft = self._announcement(publish=False, name="Draft")
        to_all = self._announcement(name="To all")
        to_tier_c = self._announcement(name="To C", audience='tier', tier_id=self.tier_c.id)
        with self.assertRaises(AccessError):
            to_all.with_user(self.user_kam).action_expire()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_kam).action_publish()
        seen = self.Announcement.with_user(self.user_kam).search(
            [('id', 'in', (draft | to_all | to_tier_c).ids)])
        self.assertEqual(seen, to_all)
        self.assertEqual(self.Announcement.with_user(self.user_kam_manager).search(
            [('id', 'in', (draft | to_all | to_tier_c).ids)]), draft | to_all | to_tier_c)
        # a manager who joins after the publication still reads the one to all
        late = new_test_user(self.env, login='kam_ann_late', groups='key_account_management.group_kam_user')
        self.assertEqual(self.Announcement.with_user(late).search([('id', '=', to_all.id)]), to_all)

    def test_read_receipts_and_unread_must_reads_first(self):
        plain = self._announcement(name="FYI", date_publish=self.today - timedelta(days=1))
        must = self._announcement(name="Must read", must_read=True,
                                  date_publish=self.today - timedelta(days=3))
        mine = self.Announcement.with_user(self.user_kam)
        ids = (plain | must).ids
        self.assertEqual(mine.search([('id', 'in', ids)]).ids, [must.id, plain.id])
        self.assertEqual(mine.search([('to_read', '=', True), ('id', 'in', ids)]), must)
        self.assertIn(self.user_kam, must.unread_user_ids)
        self.assertIs(must.with_user(self.user_kam).action_mark_read(), True)
        must.with_user(self.user_kam).action_mark_read()  # twice: one receipt
        self.assertEqual(must.read_ids.user_id, self.user_kam)
        self.assertTrue(must.read_ids.date_read)
        must.invalidate_recordset()
        self.assertNotIn(self.user_kam, must.unread_user_ids)
        self.assertEqual(must.read_count, 1)
        self.assertFalse(mine.search([('to_read', '=', True), ('id', 'in', ids)]))
        self.assertEqual(mine.search([('id', 'in', ids)]).ids, [plain.id, must.id])
        # others still have it to read
        self.assertEqual(self.Announcement.with_user(self.user_kam_other).search(
            [('to_read', '=', True), ('id', 'in', ids)]), must)
        with self.assertRaises(AccessError):
            self._announcement(publish=False).with_user(self.user_kam).action_mark_read()

    def test_expiry_cron_is_idempotent(self):
        short = self._announcement(name="Short", date_expire=self.today + timedelta(days=1))
        long = self._announcement(name="Long", date_expire=self.today + timedelta(days=30))
        endless = self._announcement(name="Endless", date_expire=False)
        with freeze_time(self.today + timedelta(days=2)):
            for _run in range(2):
                with self._cron_commits():
                    self.Announcement._cron_expire()
                self.assertEqual((short | long | endless).mapped('state'),
                                 ['expired', 'published', 'published'])
            count = self._count_queries(self.Announcement._cron_expire)
            self.assertLessEqual(count, 3, "a run with nothing to do is one search")


@tagged('post_install', '-at_install')
class TestAnnouncementPortal(HttpCase, KamAnnouncementCommon):
    """A customer's users see their own notices on the portal home, dismiss
    them, and never see or touch another customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.portal_a, cls.portal_c):
            user.password = user.login
        cls.notice_a = cls._announcement(name="Line maintenance for Energy Group",
                                         audience='portal', partner_ids=[(6, 0, cls.account_a.ids)])
        cls.notice_c = cls._announcement(name="Shop hours notice for Corner Shop",
                                         audience='portal', partner_ids=[(6, 0, cls.account_c.ids)])
        cls._announcement(name="Staff only tariffs")
        cls._announcement(name="Not yet for Energy Group", audience='portal',
                          partner_ids=[(6, 0, cls.account_a.ids)],
                          date_publish=cls.today + timedelta(days=2))

    def _home(self):
        response = self.url_open('/my')
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_each_customer_sees_its_own_notice(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self._home()
        self.assertIn("Line maintenance for Energy Group", page)
        self.assertNotIn("Shop hours notice", page)
        self.assertNotIn("Staff only tariffs", page)
        self.assertNotIn("Not yet for Energy Group", page)
        self.authenticate(self.portal_c.login, self.portal_c.login)
        page = self._home()
        self.assertIn("Shop hours notice for Corner Shop", page)
        self.assertNotIn("Line maintenance", page)
        with self.assertRaises(AccessError):
            self.notice_a.with_user(self.portal_c).read(['name'])
        with self.assertRaises(AccessError):
            self.notice_a.with_user(self.portal_a).read(['recipient_user_ids'])

    def test_dismiss_and_forged_id(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._home()
        # another customer's notice: refused, its title never shown
        response = self.url_open(f'/my/announcements/{self.notice_c.id}/dismiss',
                                 data={'csrf_token': Request.csrf_token(self)})
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Corner Shop", response.text)
        self.assertFalse(self.notice_c.read_ids)
        # without the CSRF token: refused
        response = self.url_open(f'/my/announcements/{self.notice_a.id}/dismiss', data={'x': '1'})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.notice_a.read_ids)
        response = self.url_open(f'/my/announcements/{self.notice_a.id}/dismiss',
                                 data={'csrf_token': Request.csrf_token(self)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.notice_a.read_ids.user_id, self.portal_a)
        self.assertNotIn("Line maintenance for Energy Group", self._home())
        # the other user of the same customer still sees it
        self.portal_sub.password = self.portal_sub.login
        self.authenticate(self.portal_sub.login, self.portal_sub.login)
        self.assertIn("Line maintenance for Energy Group", self._home())

    def _home_queries(self):
        queries = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=None):
            queries.append(query)
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, 'execute', logged):
            page = self._home()
        return page, len(queries)

    def test_portal_home_queries_do_not_grow_with_notices(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self._home_queries()  # warm the caches of the page
        _page, before = self._home_queries()
        for i in range(5):
            self._announcement(name=f"Extra notice {i}", audience='portal',
                               partner_ids=[(6, 0, self.account_a.ids)])
        self._home_queries()
        page, after = self._home_queries()
        self.assertIn("Extra notice 4", page)
        self.assertLessEqual(after, before)

