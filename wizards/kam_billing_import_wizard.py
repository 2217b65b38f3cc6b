import base64
import csv
import io
import logging

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.kam_billing_loader import KINDS

_logger = logging.getLogger(__name__)

# above this many rows a file is loaded in the background
BACKGROUND_PARAM = 'key_account_management.billing_background_rows'
BACKGROUND_DEFAULT = 20000
TEMPLATES = {
    'line': '/key_account_management/static/xls/kam_billing_lines.csv',
    'arrears': '/key_account_management/static/xls/kam_billing_arrears.csv',
}
JOB_FIELDS = ('state', 'progress', 'result', 'error')


class KamBillingImportWizard(models.TransientModel):
    """Loads the billing system's monthly file (csv or xlsx, the template's
    columns) whole or not at all (see kam.billing.loader). A large file is
    loaded by a background job that shows how far it is and tells its
    sender, in his inbox, how it went."""
    _name = 'kam.billing.import.wizard'
    _description = "Load a Billing File"
    _transient_max_hours = 24.0

    kind = fields.Selection([
        ('line', "Billing lines"), ('arrears', "Arrears"),
    ], "File Type", default='line', required=True,
        help="Billing lines (customer × month × service line) or arrears (customer × month).")
    file = fields.Binary(
        required=True,
        help="The billing system's file: csv (UTF-8 or GB18030) or xlsx with the template's "
             "columns on its first line.")
    filename = fields.Char("File Name", help="Name of the file, whose extension says its format.")
    template_url = fields.Char(
        "Template", compute='_compute_template_url',
        help="The documented template of the chosen file type.")
    state = fields.Selection([
        ('draft', "To Load"), ('running', "Loading"), ('done', "Loaded"), ('failed', "Refused"),
    ], "Status", default='draft', readonly=True, required=True,
        help="A large file is loaded in the background: loading, then loaded or refused.")
    progress = fields.Integer("Progress (%)", readonly=True, help="How far the background load is.")
    result = fields.Text(readonly=True, help="What the load created, changed and deleted.")
    error = fields.Text("Errors", readonly=True, help="Why the file was refused, row by row.")

    def _compute_template_url(self):
        for wizard in self:
            wizard.template_url = TEMPLATES[wizard.kind or 'line']

    def write(self, vals):
        if set(vals) & set(JOB_FIELDS) and not self.env.su:
            raise UserError(self.env._("The load's status is written by the load only."))
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_import(self):
        """Load the file now, or a large one in the background."""
        self.ensure_one()
        if self.state != 'draft':
            raise UserError(self.env._("This file has already been loaded."))
        rows = self._kam_rows()
        limit = int(self.env['ir.config_parameter'].sudo().get_param(
            BACKGROUND_PARAM, BACKGROUND_DEFAULT))
        if len(rows) > limit:
            self.env[KINDS[self.kind][0]].check_access('create')
            self.sudo().write({'state': 'running', 'progress': 0})
            self.env.ref('key_account_management.ir_cron_kam_billing_import')._trigger()
            return self._kam_reopen()
        counts = self.env['kam.billing.loader']._kam_load(
            self.kind, rows, numbering='line', first_number=2)
        self.sudo().write({'state': 'done', 'progress': 100, 'result': self._kam_summary(counts)})
        return self._kam_reopen()

    def action_refresh(self):
        """Show the background load as it is now."""
        self.ensure_one()
        return self._kam_reopen()

    def _kam_reopen(self):
        return {
            'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
            'view_mode': 'form', 'target': 'new', 'name': self.env._("Load a Billing File"),
        }

    def _kam_summary(self, counts):
        return self.env._(
            "%(created)s rows created, %(updated)s changed, %(unchanged)s unchanged, "
            "%(deleted)s deleted (service lines no longer in the customer's month).", **counts)

    # ------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------

    def _kam_rows(self):
        """The file's rows as dicts keyed by the (lower-case) column names
        of its first line; trailing empty rows dropped."""
        content = base64.b64decode(self.file or b'')
        name = (self.filename or '').lower()
        try:
            if name.endswith('.xlsx') or content[:2] == b'PK':
                table = self._kam_read_xlsx(content)
            else:
                table = self._kam_read_csv(content)
        except (ValueError, KeyError, OSError, csv.Error, UnicodeDecodeError) as error:
            _logger.info("Billing file %s unreadable: %s", self.filename, error)
            raise ValidationError(self.env._(
                "The file cannot be read: give a csv (UTF-8 or GB18030) or an xlsx file with "
                "the template's columns on its first line.")) from None
        while table and not any(_filled(value) for value in table[-1]):
            table.pop()
        if not table:
            raise ValidationError(self.env._("The file is empty."))
        header = [str(value or '').strip().lower() for value in table[0]]
        missing = [name for name, _parser, required in KINDS[self.kind][1]
                   if required and name not in header]
        if missing:
            raise ValidationError(self.env._(
                "Line 1: the columns %s are missing; start from the template.",
                ", ".join(missing)))
        return [{column: value for column, value in zip(header, values) if column}
                for values in table[1:]]

    def _kam_read_csv(self, content):
        try:
            text = content.decode('utf-8-sig')
        except UnicodeDecodeError:
            text = content.decode('gb18030')
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=',;\t')
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))

    def _kam_read_xlsx(self, content):
        import openpyxl  # noqa: PLC0415 -- only for xlsx files
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()

    # ------------------------------------------------------------
    # Background job
    # ------------------------------------------------------------

    def _cron_kam_billing_import(self):
        """Load the files waiting in the background, each as the user who
        sent it; a refused file is marked with its errors and never stops
        the others. A file's rows, its status and its message commit
        together, so a job that dies loads it again from the start."""
        Cron = self.env['ir.cron']
        wizards = self.sudo().search([('state', '=', 'running')], order='id')
        Cron._commit_progress(remaining=len(wizards))
        for wizard in wizards:
            user = wizard.create_uid
            sent = wizard.with_user(user).with_context(lang=user.lang)
            try:
                with self.env.cr.savepoint():
                    counts = self.env['kam.billing.loader'].with_user(user).with_context(
                        lang=user.lang)._kam_load(
                        wizard.kind, sent._kam_rows(), numbering='line', first_number=2,
                        progress=wizard._kam_show_progress)
            except (UserError, ValidationError) as error:
                wizard.write({'state': 'failed', 'error': str(error.args[0])})
                body = sent.env._("Your billing file %(file)s was refused:\n%(errors)s",
                                  file=wizard.filename or '', errors=error.args[0])
            else:
                summary = sent._kam_summary(counts)
                wizard.write({'state': 'done', 'progress': 100, 'result': summary})
                body = sent.env._("Your billing file %(file)s is loaded: %(summary)s",
                                  file=wizard.filename or '', summary=summary)
            user.partner_id.message_notify(
                partner_ids=user.partner_id.ids, body=body,
                subject=sent.env._("Billing file %s", wizard.filename or ''))
            Cron._commit_progress(1)

    def _kam_show_progress(self, percent):
        """How far the load is, through a transaction of its own, so the
        sender sees it when he refreshes while the load's own transaction
        goes on."""
        with self.env.registry.cursor() as cr:
            cr.execute("UPDATE kam_billing_import_wizard SET progress = %s WHERE id = %s",
                       (percent, self.id))


def _filled(value):
    return value is not None and str(value).strip() != ''
