import re

from odoo import fields, models
from odoo.fields import Domain

from .kam_tools import mark_failed


def phone_matches(records, field, number):
    """``records`` whose ``field`` (a phone typed any way: "+86 138-0571-2001")
    is the 11-digit ``number``."""
    return records.filtered(lambda rec: re.sub(r'\D', '', rec[field] or '')[-11:] == number
                            and number)


def phone_domain(field, number):
    """A coarse domain finding the phones that may be ``number``, whatever
    the separators: its last four digits; ``phone_matches`` decides."""
    return [(field, 'ilike', number[-4:])] if number else [('id', '=', 0)]


def person_domain(name_field, name, number_field, number, number_exact=True):
    """Records whose ``name_field`` is ``name`` (case aside) or whose
    ``number_field`` is ``number`` (exactly, or coarsely: see
    ``phone_domain``); either may be missing."""
    leaves = []
    if name:
        leaves.append([(name_field, '=ilike', name)])
    if number:
        leaves.append([(number_field, '=', number)] if number_exact
                      else phone_domain(number_field, number))
    return Domain.OR(leaves) if leaves else Domain.FALSE


class KamRetentionMixin(models.AbstractModel):
    """Records holding a person's data that the retention job erases once
    they are no longer needed (``_kam_retention = True``), and that a
    person's erasure request erases at once. A model taking part gives

    - ``_kam_retention_domain(cutoff)``: the records whose personal data is
      due (the person left before ``cutoff``), never those already erased,
      so that a run stopped in the middle (even killed) goes on with the
      rest and never erases a record twice;
    - ``_kam_erase_personal_data()``: replace the person's data by a
      placeholder, keep what contracts and accounting need (the record, its
      ids, amounts and links) and stamp ``kam_erased_on``;
    - ``_kam_retention_failed(error)``: take a record the job could not
      erase out of the domain until it changes, and say why;
    - ``_kam_find_person(name, number)``: the records about a person, for
      the person's data requests (kam.data.request).

    The retention job (kam.retention) loops over the models of the registry
    with ``_kam_retention``: another model takes part by inheriting this
    mixin or by giving the same three methods."""
    _name = 'kam.retention.mixin'
    _description = "Personal Data Retention Mixin"
    _kam_retention = True
    # fields holding the person's data: cleared (or replaced) on erasure,
    # their tracked changes taken out of the chatter
    _kam_personal_fields = ()

    kam_erased_on = fields.Datetime(
        "Personal Data Erased On", readonly=True, copy=False, index='btree_not_null',
        help="When the person's data of this record was erased (by the retention job or a "
             "person's erasure request); what contracts and accounting must keep stays.")
    kam_erase_failed_on = fields.Date(
        "Erasure Failed On", readonly=True, copy=False,
        help="Day the retention job could not erase this record's personal data; it is "
             "retried once the record changes. The Key Accounts administrators get an "
             "activity saying why.")

    def _kam_find_person(self, name, number):
        """The records about the person named ``name`` or with the mobile
        ``number`` (11 digits), for a person's data request."""
        return self.search(self._kam_person_domain(name, number))

    def _kam_person_domain(self, name, number):
        return Domain.FALSE

    def _kam_retention_domain(self, cutoff):
        return [('kam_erased_on', '=', False), ('kam_erase_failed_on', '=', False)]

    def _kam_erased_values(self):
        """The values that replace the person's data of ``self`` (one record)."""
        return dict.fromkeys(self._kam_personal_fields, False)

    def _kam_erase_personal_data(self):
        """Replace the personal data of the records by placeholders, drop
        their tracked changes from the chatter and the group SMS lines and
        consents of the person; stamp the erasure."""
        now = fields.Datetime.now()
        records = self.sudo().with_context(tracking_disable=True, active_test=False,
                                           kam_erasing=True)
        for record in records:
            record.write({**record._kam_erased_values(), 'kam_erased_on': now,
                          'kam_erase_failed_on': False})
        records._kam_erase_tracking()
        records._kam_erase_linked()
        return True

    def _kam_erase_tracking(self):
        """Tracked values of the personal fields (old and new values are kept
        in the chatter) are deleted."""
        if not self._kam_personal_fields:
            return
        self.env['mail.tracking.value'].sudo().search([
            ('mail_message_id.model', '=', self._name),
            ('mail_message_id.res_id', 'in', self.ids),
            ('field_id.name', 'in', list(self._kam_personal_fields)),
        ]).unlink()

    def _kam_erase_linked(self):
        """Data about the person held elsewhere: the models linking to it
        erase their own part (group SMS lines, consents)."""
        return True

    def _kam_retention_failed(self, error):
        mark_failed(self, error, 'kam_erase_failed_on', self.env['res.users'],
                    lambda env: env._("The personal data retention job"))
