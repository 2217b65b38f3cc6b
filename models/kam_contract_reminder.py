from odoo import api, fields, models

# Key of the reminder sent at the last day to give notice.
NOTICE_STEP = 'notice'


class KamContractReminder(models.Model):
    """An expiry reminder sent for a contract: one row per step, so that each
    step is sent exactly once and what was sent can be listed and audited.
    A change of the end date re-arms the steps not yet reached: their rows are
    archived and sent again at the new dates. A reminder is read where its
    contract is: it keeps the contract's account on its own row
    (kam.account.rule.mixin) for the record rules."""
    _name = 'kam.contract.reminder'
    _description = "Contract Expiry Reminder"
    _inherit = ['kam.account.rule.mixin']
    _order = 'contract_id, date_due, id'
    _rec_name = 'step'
    _kam_account_moving_fields = ('contract_id',)

    contract_id = fields.Many2one(
        'kam.contract', required=True, index=True, ondelete='cascade',
        help="The contract the reminder was sent for.")
    company_id = fields.Many2one(
        related='contract_id.company_id', store=True, index=True,
        help="The contract's company.")
    partner_id = fields.Many2one(
        related='contract_id.partner_id', store=True, index=True, string="Account",
        help="The contract's account: who reads the contract reads its reminders.")
    user_id = fields.Many2one(
        related='contract_id.user_id', string="Account Manager",
        help="The contract's account manager, who got the reminder.")
    step = fields.Char(
        required=True,
        help="Days before the end date (e.g. 90), or “notice” for the notice deadline.")
    step_label = fields.Char(
        "Reminder", compute='_compute_step_label',
        help="The step in words: days before the end, or the notice deadline.")
    date_due = fields.Date("Due On", required=True, help="The day the step fell due.")
    date_end = fields.Date("Contract End", help="The contract's end date when it was sent.")
    date_sent = fields.Datetime(
        "Sent At", required=True, default=fields.Datetime.now, help="When the daily job sent it.")
    active = fields.Boolean(
        default=True, help="Archived when a new end date re-armed the step.")

    @api.depends('step')
    def _compute_step_label(self):
        for reminder in self:
            reminder.step_label = (
                self.env._("Notice deadline") if reminder.step == NOTICE_STEP
                else self.env._("%(days)s days before the end", days=reminder.step))
