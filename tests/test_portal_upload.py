from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_service_request_portal import KamPortalCase

LIMIT_PARAM = 'key_account_management.request_max_attachment_mb'


@tagged('post_install', '-at_install')
class TestPortalUploadSize(KamPortalCase):
    """Files above the limit in the portal work-order form: the product's
    own message in the customer's language, never Odoo's English 413 page;
    checked in the browser before sending and on the server."""

    def _submit_file(self, data):
        # as the form posts it: the type in the URL, so that a body refused
        # unread still brings the customer back to his form
        url = f'/my/requests/submit?type_id={self.type_fault.id}'
        with mute_logger('odoo.http', 'werkzeug'):
            return self._post(url, {
                'type_id': self.type_fault.id, 'contact_phone': '13805710001',
                'line_0_operation': 'number', 'line_0_number': '13805710001',
            }, files={'attachments': ('scan.pdf', data, 'application/pdf')})

    def test_eleven_megabytes(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        # no line break in 11 MB: werkzeug keeps it in memory and refuses it (413)
        response = self._submit_file(b'%PDF-1.4 ' + b'0' * (11 * 1024 * 1024))
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("o_kam_request_error", response.text)
        self.assertIn("The attachments are too large: 10 MB each at most, 50 MB together.",
                      response.text)
        self.assertFalse(self._requests())

    def test_body_above_the_limit_is_refused_unread(self):
        self.env['ir.config_parameter'].set_param(LIMIT_PARAM, 1)
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        self.portal_a.partner_id.lang = 'zh_CN'
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self._submit_file(b'%PDF-1.4\n' + b'0\n' * (4 * 1024 * 1024))
        self.assertEqual(response.status_code, 200, response.text[:500])
        # the customer's form in his language, with the product's message
        message = self.env['kam.service.request'].with_context(
            lang='zh_CN')._kam_too_large_message()
        self.assertIn("1 MB", message)
        self.assertIn(f'o_kam_request_error" role="alert">{message}<', response.text)
        self.assertIn("提交需求", response.text)
        self.assertFalse(self._requests())
        # within the whole form's limit, one file above its own limit
        response = self._submit_file(b'%PDF-1.4\n' + b'0\n' * (1024 * 1024))
        self.assertIn("2.0 MB", response.text)
        self.assertFalse(self._requests())

    def test_browser_checks_before_sending(self):
        self.env['ir.config_parameter'].set_param(LIMIT_PARAM, 1)
        self.start_tour(f'/my/requests/new/{self.type_fault.id}', 'kam_request_upload_size_tour',
                        login=self.portal_a.login)
        self.assertFalse(self._requests())
