from odoo import api, fields, models
from odoo.exceptions import UserError

from .res_partner import KAM_MANAGER


class KamPhoneRevealMixin(models.AbstractModel):
    """What group members and contacts share around their masked numbers:
    a flag for the form's Show button, the Show action (the full number
    for the users allowed, logged), and the processing log of the member
    lists read and of the backend exports. The model names its masked
    fields in ``_kam_phone_fields`` and decides per record in
    ``_kam_phone_shown()``."""
    _name = 'kam.phone.reveal.mixin'
    _description = "Reveal Masked Phone Numbers Mixin"

    _kam_phone_fields = ()

    kam_phone_masked = fields.Boolean(
        "Number Masked", compute='_compute_kam_phone_masked',
        help="The phone numbers of this record show masked to you: you do not serve its key "
             "account. Key Accounts Managers may reveal them with Show (logged).")

    @api.depends_context('uid')
    def _compute_kam_phone_masked(self):
        for record in self:
            record.kam_phone_masked = bool(record.id) and not record._kam_phone_shown()

    def _kam_phone_may_reveal(self):
        """The current user may reveal this record's numbers: he reads them
        in full anyway, or he is a Key Accounts Manager."""
        return self._kam_phone_shown() or self.env.user.has_group(KAM_MANAGER)

    def action_kam_reveal_phone(self):
        """Show the full numbers of this record to the users allowed, and
        log it."""
        self.ensure_one()
        self.check_access('read')
        if not self._kam_phone_may_reveal():
            raise UserError(self.env._(
                "Only the team of the key account and Key Accounts Managers can see this "
                "number in full."))
        record = self.sudo()
        numbers = [record[fname] for fname in self._kam_phone_fields if record[fname]]
        if not numbers:
            raise UserError(self.env._("There is no number to show."))
        self.env['kam.processing.log']._kam_log(
            'reveal', self, self.env._("Number of %s revealed", record.name))
        return {
            'type': 'ir.actions.client',
            'tag': 'display_notification',
            'params': {
                'title': self.env._("Full number of %s", record.name),
                'message': ", ".join(numbers),
                'sticky': True,
                'type': 'info',
            },
        }

    def _kam_log_export(self, fields_to_export):
        records = self._kam_log_scope()
        if records:
            labels = ", ".join(fname.split('/')[0] for fname in fields_to_export[:12])
            self.env['kam.processing.log']._kam_log(
                'export', records, self.env._("%(count)s records exported (%(fields)s)",
                                              count=len(records), fields=labels))

    def _kam_log_scope(self):
        """The records of ``self`` whose personal data the log records."""
        return self

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._kam_log_export(fields_to_export)
        return result
