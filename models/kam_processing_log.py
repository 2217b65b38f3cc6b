from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request

from .kam_tools import int_param, process_in_chunks

DEFAULT_KEEP_DAYS = 365
KEEP_DAYS_PARAM = 'key_account_management.processing_log_days'
# the context of the log's own retention job: the only way a line goes
PURGE_CONTEXT = 'kam_processing_log_purge'


def _single_account(records):
    """The key account of ``records`` (read with sudo) when they are all of
    one, else False."""
    if not records:
        return False
    if 'kam_account_id' in records._fields:
        accounts = records.kam_account_id
    elif records._name == 'res.partner':
        companies = records.commercial_partner_id
        accounts = companies._kam_serving_account() if len(companies) == 1 else companies
    else:
        return False
    return accounts if len(accounts) == 1 else False


class KamProcessingLog(models.Model):
    """The record of processing of personal data (PIPL): who read a group's
    member list, who revealed a masked number, who exported member or
    contact data (backend export, the portal's address book, the management
    workbook), who sent a group SMS to how many. Written by the application
    only (never by users, not even administrators), never changed, removed
    only by its own retention job after the days set in the settings; read
    by the Data Protection Officers and the administrators. A line names the
    records and counts them, never the numbers themselves."""
    _name = 'kam.processing.log'
    _description = "Processing Log"
    _order = 'date desc, id desc'
    _rec_name = 'summary'

    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now,
        help="When the data was processed.")
    user_id = fields.Many2one(
        'res.users', required=True, readonly=True, index=True, ondelete='restrict',
        help="Who processed the data (the portal user, for the portal).")
    kind = fields.Selection([
        ('read_list', "Member List Read"),
        ('reveal', "Number Revealed"),
        ('export', "Backend Export"),
        ('portal_export', "Portal Address Book Export"),
        ('workbook', "Management Workbook"),
        ('sms', "Group SMS Sent"),
    ], "Processing", required=True, readonly=True, index=True,
        help="What was done with the personal data.")
    res_model = fields.Char(
        "Model", readonly=True, index=True,
        help="Technical name of the kind of records processed (kam.member: group members; "
             "res.partner: contacts).")
    record_count = fields.Integer(
        "Records", readonly=True, aggregator='sum',
        help="How many records were read, revealed, exported or messaged.")
    account_id = fields.Many2one(
        'res.partner', "Key Account", readonly=True, index='btree_not_null',
        ondelete='set null',
        help="The key account whose data it was, when it was one account's only.")
    summary = fields.Char(
        readonly=True,
        help="What was processed, in words: the records or the file, never the numbers.")
    ip_address = fields.Char(
        "IP Address", readonly=True, help="Address the request came from, when it came over "
                                          "the web.")
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True,
        default=lambda self: self.env.company,
        help="Company the user worked in.")

    # ------------------------------------------------------------
    # Written by the application only, kept as written
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._(
                "The processing log is written by the application only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise AccessError(self.env._("The processing log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_the_log_job(self):
        if not (self.env.su and self.env.context.get(PURGE_CONTEXT)):
            raise AccessError(self.env._(
                "Lines of the processing log cannot be deleted: the log's own job removes "
                "them after the days set in the settings."))

    @api.model
    def _kam_log(self, kind, records, summary, count=None, account=None):
        """Log that the current user processed ``records`` (a recordset, or
        an empty one with ``count``) in ``kind``; ``account`` defaults to the
        key account of the records when they are all of one."""
        if account is None:
            account = _single_account(records.sudo())
        ip_address = False
        if request:
            ip_address = request.httprequest.remote_addr
        return self.sudo().create({
            'user_id': self.env.uid,
            'kind': kind,
            'res_model': records._name,
            'record_count': len(records) if count is None else count,
            'account_id': account.id if account else False,
            'summary': summary[:500],
            'ip_address': ip_address,
            'company_id': self.env.company.id,
        })

    # ------------------------------------------------------------
    # Retention of the log itself
    # ------------------------------------------------------------

    @api.model
    def _kam_keep_days(self):
        return int_param(self.env, KEEP_DAYS_PARAM, DEFAULT_KEEP_DAYS, minimum=1)

    @api.model
    def _cron_kam_purge_processing_log(self, batch_size=None):
        """Delete the lines older than the days set in the settings, a chunk
        at a time."""
        limit = fields.Datetime.now() - timedelta(days=self._kam_keep_days())
        logs = self.sudo().with_context(**{PURGE_CONTEXT: True})
        return process_in_chunks(logs, [('date', '<', limit)], lambda lines: lines.unlink(),
                                 **({'batch_size': batch_size} if batch_size else {}))
