from collections import defaultdict

from odoo import api, fields, models

from .res_company_sms import KAM_SMS_KANNEL


class SmsSms(models.Model):
    """Odoo's outgoing SMS, sent through the company's Kannel when it has
    one: grouped by company, handed over in the company's batch size,
    Kannel's reason kept on each failed SMS."""
    _inherit = 'sms.sms'

    kam_company_id = fields.Many2one(
        'res.company', "Sending Company", ondelete='set null', readonly=True,
        help="Company whose SMS provider sends this SMS (group sends and reminders); "
             "otherwise the one of its message's record.")
    kam_failure_reason = fields.Char(
        "Gateway Reason", readonly=True, copy=False,
        help="Why the gateway refused or could not deliver the SMS, as it said.")

    # ------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------

    def _get_sms_company(self):
        return self.mail_message_id.record_company_id or self.kam_company_id \
            or super()._get_sms_company()

    def _split_by_api(self):
        """The SMS of companies using Kannel go to their own Kannel, the
        others the way Odoo sends them."""
        others = self.browse()
        for company, company_sms in self.grouped(lambda sms: sms._get_sms_company()).items():
            if company.kam_sms_provider == KAM_SMS_KANNEL:
                sms_api = company._get_sms_api_class()(self.env)
                sms_api._set_company(company)
                yield sms_api, company_sms
            else:
                others |= company_sms
        if others:
            yield from super(SmsSms, others)._split_by_api()

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Odoo's queue (``_process_queue``) hands its whole chunk to
        ``_send``: split it by provider and by the gateway's batch size first,
        as ``send`` does."""
        if self.env.context.get('sms_api'):
            return super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent,
                                 raise_exception=raise_exception)
        for sms_api, smses in self._split_by_api():
            for batch_ids in smses._split_batch():
                super(SmsSms, self.browse(batch_ids).with_context(sms_api=sms_api))._send(
                    unlink_failed=unlink_failed, unlink_sent=unlink_sent,
                    raise_exception=raise_exception)

    def _get_send_batch_size(self):
        if not self:  # Odoo's queue takes its chunk, ``_send`` splits it
            return super()._get_send_batch_size()
        companies = self.env['res.company'].union(
            *(sms._get_sms_company() for sms in self)).filtered(
            lambda c: c.kam_sms_provider == KAM_SMS_KANNEL)
        if companies:
            return min(companies.mapped('kam_sms_batch_size')) or 100
        return super()._get_send_batch_size()

    def _handle_call_result_hook(self, results):
        """Keep the gateway's reason of each failure on the SMS (its
        notification gets it from Odoo); a success clears it."""
        by_uuid = self.grouped('uuid')
        reasons = defaultdict(list)
        for result in results:
            sms = by_uuid.get(result.get('uuid'))
            if sms:
                reasons[result.get('failure_reason') or False].append(sms.id)
        for reason, ids in reasons.items():
            self.browse(ids).write({'kam_failure_reason': reason})
        return super()._handle_call_result_hook(results)

    @api.model
    def _kam_status_from_gateway(self, uuid_states, company):
        """Delivery reports of ``company``'s Kannel: ``{uuid: (state,
        reason)}`` with state 'delivered' or 'failed'. Updates the SMS still
        kept and the trackers of their notifications, of that company only
        (another company's gateway cannot touch them); a report seen again
        changes nothing. Returns the uuids updated."""
        found = self.sudo().search([('uuid', 'in', list(uuid_states))])
        sms_companies = {sms.uuid: sms._get_sms_company() for sms in found}
        smses = found.filtered(lambda sms: sms_companies[sms.uuid] == company)
        # a tracker outlives its SMS: then its message tells the company
        trackers = self.env['sms.tracker'].sudo().search(
            [('sms_uuid', 'in', list(uuid_states))]).filtered(
            lambda tracker: (sms_companies.get(tracker.sms_uuid)
                             or tracker.mail_notification_id.mail_message_id.record_company_id
                             or self.env.company) == company)
        # one write per report kind (delivered, or failed with a reason)
        for (state, reason), group in smses.grouped(lambda sms: uuid_states[sms.uuid]).items():
            if state == 'delivered':  # failed is final too
                group.filtered(lambda sms: sms.state not in ('sent', 'error')).write(
                    {'state': 'sent', 'failure_type': False, 'kam_failure_reason': False})
            else:
                group.filtered(lambda sms: sms.state not in ('error', 'sent')).write(
                    {'state': 'error', 'failure_type': 'unknown', 'kam_failure_reason': reason})
        for (state, reason), group in trackers.grouped(
                lambda tracker: uuid_states[tracker.sms_uuid]).items():
            if state == 'delivered':
                group.filtered(lambda tracker: tracker.mail_notification_id.notification_status
                               not in ('exception', 'bounce'))._action_update_from_sms_state('sent')
            else:
                group.with_context(sms_known_failure_reason=reason) \
                    ._action_update_from_provider_error('not_delivered')
        return set(smses.mapped('uuid')) | set(trackers.mapped('sms_uuid'))
