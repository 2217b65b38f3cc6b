from odoo import api, fields, models
from odoo.exceptions import UserError


class KamKpiSnapshotWizard(models.TransientModel):
    """Compute (again) the KPIs of a chosen month, as the monthly job does."""
    _name = 'kam.kpi.snapshot.wizard'
    _description = "Compute Key Account KPIs"

    month = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to compute; its KPI rows are replaced. Figures that depend "
             "on today's state (accounts, members enrolled, open work orders) are read as they "
             "are now.")
    company_ids = fields.Many2many(
        'res.company', string="Companies", default=lambda self: self.env.companies,
        help="Companies whose KPIs are computed; all allowed ones by default.")

    @api.constrains('month')
    def _check_month(self):
        today = fields.Date.context_today(self)
        if any(wizard.month.replace(day=1) > today for wizard in self):
            raise UserError(self.env._("KPIs cannot be computed for a month that has not begun."))

    def action_compute(self):
        self.ensure_one()
        self.env['kam.kpi.snapshot']._kam_compute_month(
            self.month, self.company_ids & self.env.companies)
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.kam_kpi_snapshot_action')
        action['domain'] = [('month', '=', self.month.replace(day=1))]
        return action
