from odoo.tests import HttpCase, tagged

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestInstall(KamCommon):

    def _sees_kam_menu(self, user):
        menu = self.env.ref('key_account_management.menu_kam_root')
        visible = self.env['ir.ui.menu'].with_user(user)._visible_menu_ids()
        return menu.id in visible

    def test_privilege_and_groups(self):
        privilege = self.env.ref('key_account_management.res_groups_privilege_kam')
        user_group = self.env.ref('key_account_management.group_kam_user')
        manager_group = self.env.ref('key_account_management.group_kam_manager')
        admin_group = self.env.ref('key_account_management.group_kam_admin')
        self.assertEqual(privilege.name, "Key Accounts")
        self.assertEqual((user_group | manager_group | admin_group).privilege_id, privilege)
        self.assertIn(user_group, manager_group.all_implied_ids)
        self.assertIn(manager_group, admin_group.all_implied_ids)
        self.assertNotIn(admin_group, user_group.all_implied_ids)

    def test_admin_is_kam_administrator(self):
        admin = self.env.ref('base.user_admin')
        self.assertTrue(admin.has_group('key_account_management.group_kam_admin'))
        self.assertTrue(admin.has_group('key_account_management.group_kam_user'))

    def test_menu_visibility(self):
        self.assertFalse(self._sees_kam_menu(self.user_internal),
                         "a plain employee must not see the Key Accounts app")
        self.assertTrue(self._sees_kam_menu(self.user_kam))
        self.assertTrue(self._sees_kam_menu(self.user_kam_manager))

    def test_configuration_only_for_admins(self):
        config = self.env.ref('key_account_management.menu_kam_config')
        visible = self.env['ir.ui.menu'].with_user(self.user_kam_manager)._visible_menu_ids()
        self.assertNotIn(config.id, visible)
        visible = self.env['ir.ui.menu'].with_user(self.user_kam_admin)._visible_menu_ids()
        self.assertIn(config.id, visible)

    def test_reporting_only_for_managers(self):
        reporting = self.env.ref('key_account_management.menu_kam_reporting')
        Menu = self.env['ir.ui.menu']
        self.assertNotIn(reporting.id, Menu.with_user(self.user_kam)._visible_menu_ids())
        self.assertIn(reporting.id, Menu.with_user(self.user_kam_manager)._visible_menu_ids())

    def test_manager_capacity_setting(self):
        settings = self.env['res.config.settings'].create({})
        self.assertEqual(settings.kam_manager_capacity, 50, "default capacity of seed 004")
        settings.kam_manager_capacity = 35
        settings.execute()
        self.assertEqual(
            self.env['ir.config_parameter'].get_param('key_account_management.manager_capacity'), '35')

    def test_manager_capacity_refuses_zero(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({'kam_manager_capacity': 0})
        self.assertNotEqual(
            self.env['ir.config_parameter'].get_param('key_account_management.manager_capacity'), '0')


@tagged('post_install', '-at_install')
class TestSettingsTour(HttpCase):

    def test_settings_tour(self):
        user = self.env['res.users'].create({
            'name': "KAM Department Administrator",
            'login': 'kam_tour_admin',
            'password': 'kam_tour_admin',
            'group_ids': [(6, 0, [
                self.env.ref('key_account_management.group_kam_admin').id,
                self.env.ref('base.group_system').id,
            ])],
        })
        self.start_tour("/odoo", "kam_settings_tour", login=user.login)
        self.assertEqual(
            self.env['ir.config_parameter'].get_param('key_account_management.manager_capacity'), '40')
