from odoo import api, fields, models
from odoo.exceptions import UserError


class KamStateGuardMixin(models.AbstractModel):
    """Documents whose state moves only through their actions (confirm,
    start, terminate…), and that are archived, never deleted, once they
    have left the draft state."""
    _name = 'kam.state.guard.mixin'
    _description = "Key Account State Guard Mixin"

    # the selection field holding the state, and the state in which a
    # document may still be deleted (None: never once created)
    _kam_state_field = 'state'
    _kam_draft_state = 'draft'

    kam_ever_confirmed = fields.Boolean(
        "Ever Confirmed", readonly=True, copy=False,
        help="Set when the document first leaves the draft state; from then on it can "
             "be archived but never deleted.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop('kam_ever_confirmed', None)
            if vals.get(self._kam_state_field, self._kam_draft_state) != self._kam_draft_state:
                self._kam_check_state_move()
                vals['kam_ever_confirmed'] = True
        return super().create(vals_list)

    def write(self, vals):
        if self._kam_state_field in vals or 'kam_ever_confirmed' in vals:
            self._kam_check_state_move()
            vals = dict(vals)
            vals.pop('kam_ever_confirmed', None)
            if vals.get(self._kam_state_field, self._kam_draft_state) != self._kam_draft_state:
                vals['kam_ever_confirmed'] = True
        return super().write(vals)

    def _kam_check_state_move(self):
        if not self.env.su:
            raise UserError(self.env._(
                "A status changes only through its buttons (confirm, start, terminate…), "
                "not by writing it."))

    def _kam_check_state(self, states, action_label):
        """Refuse ``action_label`` (e.g. "Starting") unless every record is
        in one of ``states``."""
        wrong = self.filtered(lambda r: r[self._kam_state_field] not in states)
        if wrong:
            raise UserError(self.env._(
                "%(action)s is not possible for %(record)s in its current status.",
                action=action_label, record=wrong[0].display_name))

    def _kam_move_state(self, vals):
        """Write ``vals`` (with the new state) as the state actions do:
        the caller's right to change these records is checked first."""
        self.check_access('write')
        return self.sudo().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_confirmed(self):
        done = self.filtered(lambda r: r.kam_ever_confirmed
                             or r[self._kam_state_field] != self._kam_draft_state)
        if done:
            raise UserError(self.env._(
                "%s has been confirmed once: archive it instead of deleting it.",
                done[0].display_name))
