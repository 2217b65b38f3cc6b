from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class KamContractRenewWizard(models.TransientModel):
    _name = 'kam.contract.renew.wizard'
    _description = "Renew a Contract"

    contract_id = fields.Many2one(
        'kam.contract', required=True, ondelete='cascade',
        help="The running or expired contract to renew.")
    currency_id = fields.Many2one(
        related='contract_id.currency_id',
        help="Currency of the contract.")
    date_start = fields.Date(
        "New Start Date", compute='_compute_dates', store=True, readonly=False, required=True,
        precompute=True,
        help="First day of the renewal: the day after the contract's end by default.")
    date_end = fields.Date(
        "New End Date", compute='_compute_dates', store=True, readonly=False, required=True,
        precompute=True,
        help="Last day of the renewal: the renewal term after its start by default.")
    amount = fields.Monetary(
        "New Contract Value", compute='_compute_dates', store=True, readonly=False,
        precompute=True,
        help="Value of the renewal over its term, in the contract's currency; the current "
             "value by default.")

    @api.depends('contract_id')
    def _compute_dates(self):
        for wizard in self:
            contract = wizard.contract_id
            if not contract:
                continue
            wizard.date_start = contract.date_end + timedelta(days=1)
            wizard.date_end = wizard.date_start + relativedelta(
                months=contract.renewal_months or 12) - timedelta(days=1)
            wizard.amount = contract.amount

    def action_renew(self):
        self.ensure_one()
        contract = self.contract_id
        if contract.state in ('draft', 'renewed', 'terminated'):
            raise UserError(self.env._(
                "Only active, expiring or expired contracts can be renewed (%s).",
                contract.display_name))
        if self.date_end < self.date_start:
            raise ValidationError(self.env._("The renewal cannot end before it starts."))
        renewal = contract._kam_renew(self.date_start, self.date_end, amount=self.amount)
        contract.message_post(body=self.env._(
            "Renewal drafted: %s. This contract is marked renewed when it is confirmed.",
            renewal._get_html_link()))
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'kam.contract',
            'res_id': renewal.id,
            'view_mode': 'form',
            'target': 'current',
        }
