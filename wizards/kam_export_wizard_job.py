import logging

from odoo import fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
# above this many accounts the workbook is made in the background
BACKGROUND_PARAM = 'key_account_management.workbook_background_accounts'
BACKGROUND_DEFAULT = 20000
JOB_FIELDS = ('state', 'progress', 'progress_label', 'attachment_id', 'error')


class KamExportWizard(models.TransientModel):
    """Making and delivering the workbook: a small selection downloads at
    once; a large one (more accounts than the system parameter
    ``key_account_management.workbook_background_accounts``, 20,000 by
    default) is made by a background job that shows how far it is on the
    wizard and tells its requester, in his inbox with the file attached,
    when it is ready. A job that dies is taken up again from the start by
    the next run: making a workbook changes nothing else.

    A workbook is its requester's: the file is attached to the wizard in
    both paths, so Odoo's attachment access follows the wizard's record
    rule (its creator and the Key Accounts Administrators), and it goes
    with the wizard when the wizard is cleaned up a day later."""
    _inherit = 'kam.export.wizard'
    # a day: a job waiting for its turn, or its file, outlives the default hour
    _transient_max_hours = 24.0

    state = fields.Selection([
        ('draft', "To Choose"), ('running', "Being Made"), ('done', "Ready"), ('failed', "Failed"),
    ], "Status", default='draft', readonly=True, required=True,
        help="A large workbook is made in the background: being made, then ready to download.")
    progress = fields.Integer(
        "Progress (%)", readonly=True, help="How far the background job is with the workbook.")
    progress_label = fields.Char(
        "Writing", readonly=True, help="The sheet the background job is writing.")
    attachment_id = fields.Many2one(
        'ir.attachment', "Workbook File", readonly=True, help="The workbook once it is made.")
    error = fields.Text(readonly=True, help="Why the background job could not make the workbook.")

    def write(self, vals):
        if set(vals) & set(JOB_FIELDS) and not self.env.su:
            raise UserError(self.env._("The workbook's progress is written by its job only."))
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_export(self):
        """Make the workbook and download it, or for a large selection start
        the background job and show its progress."""
        self.ensure_one()
        if self.state != 'draft':
            raise UserError(self.env._("This workbook has already been asked for."))
        limit = int(self.env['ir.config_parameter'].sudo().get_param(BACKGROUND_PARAM, BACKGROUND_DEFAULT))
        if self.env['res.partner'].search_count(self._kam_account_domain(), limit=limit + 1) > limit:
            self.sudo().write({'state': 'running', 'progress': 0,
                               'progress_label': self.env._("Waiting for the job")})
            self.env.ref('key_account_management.ir_cron_kam_export_workbook')._trigger()
            return self._kam_reopen()
        attachment = self.env['ir.attachment'].create({
            'name': self._kam_file_name(), 'raw': self._kam_workbook(), 'mimetype': XLSX,
            'res_model': self._name, 'res_id': self.id,
        })
        self.sudo().write({'state': 'done', 'progress': 100, 'attachment_id': attachment.id})
        return self.action_download()

    def action_refresh(self):
        """Show the job's progress as it is now."""
        self.ensure_one()
        return self._kam_reopen()

    def action_download(self):
        """Download the workbook once it is made."""
        self.ensure_one()
        if self.state != 'done' or not self.attachment_id:
            raise UserError(self.env._("The workbook is not ready yet."))
        return {
            'type': 'ir.actions.act_url',
            'url': f'/web/content/{self.attachment_id.id}?download=true',
            'target': 'download',
        }

    def _kam_reopen(self):
        return {
            'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
            'view_mode': 'form', 'target': 'new', 'name': self.env._("Management Workbook"),
        }

    # ------------------------------------------------------------
    # Background job
    # ------------------------------------------------------------

    def _cron_kam_export_workbooks(self):
        """Make the workbooks asked for in the background, each with the
        rights and in the language of who asked; one that fails is marked
        failed with its reason and never stops the others. A workbook is
        delivered (file, status and message) in one commit, so a job that
        dies makes it again from the start and never tells twice."""
        Cron = self.env['ir.cron']
        wizards = self.sudo().search([('state', '=', 'running')], order='id')
        Cron._commit_progress(remaining=len(wizards))
        for wizard in wizards:
            user = wizard.create_uid
            asked = wizard._kam_as_requester()
            try:
                with self.env.cr.savepoint():
                    content = asked._kam_workbook(progress=wizard._kam_show_progress)
            except Exception as error:  # noqa: BLE001 -- one workbook never stops the others
                _logger.warning("Workbook %s of %s could not be made: %s", wizard.id, user.login, error)
                Cron._commit_progress(0)  # the progress was written by another transaction
                wizard.write({'state': 'failed', 'progress_label': False, 'error': str(error)})
                told = wizard.with_context(lang=user.lang)
                user.partner_id.message_notify(
                    partner_ids=user.partner_id.ids, subject=told._kam_file_name(),
                    body=told.env._("Your management workbook could not be made: %s", error))
            else:
                Cron._commit_progress(0)
                # the wizard's, never the user's: every employee reads users
                attachment = self.env['ir.attachment'].create({
                    'name': asked._kam_file_name(), 'raw': content, 'mimetype': XLSX,
                    'res_model': self._name, 'res_id': wizard.id,
                })
                wizard.write({'state': 'done', 'progress': 100, 'progress_label': False,
                              'attachment_id': attachment.id, 'error': False})
                user.partner_id.message_notify(
                    partner_ids=user.partner_id.ids, subject=attachment.name, attachment_ids=attachment.ids,
                    body=asked.env._("Your management workbook is ready: the file is attached for a day."))
            Cron._commit_progress(1)

    def _kam_as_requester(self):
        """The wizard as the user who asked for it: his rights, his language,
        the companies he chose among his own."""
        user = self.create_uid
        companies = (self.company_ids & user.company_ids) or user.company_id
        return self.with_user(user).with_context(lang=user.lang, allowed_company_ids=companies.ids)

    def _kam_show_progress(self, percent, label):
        """Write how far the job is through a transaction of its own, so the
        requester sees it when he refreshes the wizard while the workbook's
        own transaction goes on."""
        with self.env.registry.cursor() as cr:
            cr.execute("UPDATE kam_export_wizard SET progress = %s, progress_label = %s WHERE id = %s",
                       (percent, label, self.id))
