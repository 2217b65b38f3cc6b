from odoo.tests import tagged
from odoo.tools.sql import column_exists

from .common_sms import KamSmsCommon
from .test_migration import migration


@tagged('post_install', '-at_install')
class TestMigrationKannelSettings(KamSmsCommon):
    """19.0.1.4.0 on a company left by 19.0.1.3.0 on the HTTP gateway: its
    settings move to Kannel's fields, the old columns go."""

    def test_gateway_settings_move_to_kannel(self):
        cr = self.env.cr
        other = self.env['res.company'].create({'name': "西部通信"})
        self.env.flush_all()
        for column in ('kam_sms_gateway_url', 'kam_sms_gateway_account', 'kam_sms_gateway_secret'):
            cr.execute(f'ALTER TABLE res_company ADD COLUMN "{column}" varchar')
        # the company on the gateway (its Kannel fields as 1.3 had none),
        # the other on IAP with a draft URL and a Kannel username already given
        cr.execute("""
            UPDATE res_company SET kam_sms_provider = 'kam_gateway', kam_kannel_url = NULL,
                   kam_kannel_username = NULL, kam_kannel_password = NULL,
                   kam_kannel_dlr_secret = NULL,
                   kam_sms_gateway_url = 'https://sms.example.com/send',
                   kam_sms_gateway_account = 'hd-enterprise', kam_sms_gateway_secret = 'old-secret'
             WHERE id = %s
        """, [self.company.id])
        cr.execute("""
            UPDATE res_company SET kam_sms_gateway_url = 'https://draft.example.com',
                   kam_sms_gateway_account = 'draft', kam_kannel_username = 'kept'
             WHERE id = %s
        """, [other.id])
        migration('19.0.1.4.0', 'post-kannel_settings').migrate(cr, '19.0.1.3.0')
        self.env.invalidate_all()
        fields = ['kam_sms_provider', 'kam_kannel_url', 'kam_kannel_username',
                  'kam_kannel_password', 'kam_kannel_dlr_secret']
        self.assertEqual([self.company.sudo()[f] for f in fields], [
            'kannel', 'https://sms.example.com/send', 'hd-enterprise', False, 'old-secret'])
        self.assertEqual([other.sudo()[f] for f in fields], [
            'iap', 'https://draft.example.com', 'kept', False, False])
        self.assertFalse(column_exists(cr, 'res_company', 'kam_sms_gateway_url'))
        # run again (nothing left to move): nothing changes
        migration('19.0.1.4.0', 'post-kannel_settings').migrate(cr, '19.0.1.3.0')
        self.env.invalidate_all()
        self.assertEqual(self.company.sudo().kam_kannel_url, 'https://sms.example.com/send')
