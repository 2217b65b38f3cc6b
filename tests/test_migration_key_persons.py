from odoo.tests import tagged

from .common_service_request import KamServiceRequestCommon
from .test_migration import migration


@tagged('post_install', '-at_install')
class TestMigrationKeyPersons(KamServiceRequestCommon):
    """The upgrade to 19.0.1.5.0 on a database that 19.0.1.4.0 upgraded from
    19.0.1.3.0: its decision makers and influencers had an empty Key Person
    column, so their work orders missed the green channel."""

    def test_buying_roles_make_key_persons_and_green_orders(self):
        boss = self._create_contact(self.group_a, "总经理", kam_buying_role='decision_maker')
        advisor = self._create_contact(self.group_a, "信息中心主任", kam_buying_role='influencer')
        unflagged = self._create_contact(self.group_a, "副总经理", kam_buying_role='decision_maker')
        clerk = self._create_contact(self.group_a, "办公室文员", kam_buying_role='user')
        orders = {contact: self._create_request(self.type_fault, requester_partner_id=contact.id)
                  for contact in (boss, advisor, unflagged, clerk)}
        self.env.flush_all()
        cr = self.env.cr
        # as 19.0.1.4.0 left them: the flag never set (NULL), the orders not green;
        # one decision maker was unflagged by hand since (False: kept)
        cr.execute("UPDATE res_partner SET kam_key_person = NULL WHERE id IN %s",
                   [(boss.id, advisor.id, clerk.id)])
        cr.execute("UPDATE res_partner SET kam_key_person = false WHERE id = %s", [unflagged.id])
        cr.execute("UPDATE kam_service_request SET kam_green_channel = NULL WHERE id IN %s",
                   [tuple(order.id for order in orders.values())])
        self.env.invalidate_all()
        self.assertFalse(orders[boss].kam_green_channel)
        script = migration('19.0.1.5.0', 'post-key_persons')
        script.migrate(cr, '19.0.1.4.0')
        self.env.invalidate_all()
        self.assertEqual([c.kam_key_person for c in (boss, advisor, unflagged, clerk)],
                         [True, True, False, False])
        self.assertEqual([orders[c].kam_green_channel for c in (boss, advisor, unflagged, clerk)],
                         [True, True, False, False])
        # run again: nothing changes
        script.migrate(cr, '19.0.1.4.0')
        self.env.invalidate_all()
        self.assertEqual([orders[c].kam_green_channel for c in (boss, advisor, unflagged, clerk)],
                         [True, True, False, False])

    def test_the_order_column_exists_before_the_model_loads(self):
        """An upgrade from 19.0.1.3.0 makes the flag's column itself: Odoo then
        leaves it to SQL instead of computing it over every work order."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("ALTER TABLE kam_service_request DROP COLUMN kam_green_channel")
        migration('19.0.1.4.0', 'pre-green_channel').migrate(cr, '19.0.1.3.0')
        cr.execute("SELECT count(*) FROM kam_service_request WHERE kam_green_channel IS NOT NULL")
        self.assertEqual(cr.fetchone()[0], 0)
        migration('19.0.1.4.0', 'pre-green_channel').migrate(cr, '19.0.1.3.0')  # again: no error
