from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_contract import DEFAULT_MAX_ORIGINAL_MB

SETTINGS_REMINDER_FIELDS = (
    'kam_contract_reminder_days_1', 'kam_contract_reminder_days_2', 'kam_contract_reminder_days_3')
from .kam_health_rule import DEFAULT_RISK_BELOW, DEFAULT_WATCH_BELOW


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_manager_capacity = fields.Integer(
        string="Accounts per Manager",
        config_parameter='key_account_management.manager_capacity',
        default=50,
        help="How many key accounts one account manager can hold before the "
             "workload warning shows.")
    kam_project_warning_days = fields.Integer(
        string="Warn Before Department Work Is Due (Days)",
        config_parameter='key_account_management.project_warning_days',
        default=3,
        help="Owners of department work get an activity this many days before "
             "its expected date, and another once it is overdue.")

    # Contracts
    # three numbers of days, kept as the text "90,60,30" in one parameter
    kam_contract_reminder_days_1 = fields.Integer(
        "First Contract Reminder",
        help="Days before a contract's end of its first reminder (0: none); new contracts "
             "start with these steps.")
    kam_contract_reminder_days_2 = fields.Integer(
        "Second Contract Reminder", help="Days before a contract's end of its second reminder (0: none).")
    kam_contract_reminder_days_3 = fields.Integer(
        "Third Contract Reminder", help="Days before a contract's end of its last reminder (0: none).")
    kam_contract_max_original_mb = fields.Integer(
        string="Scanned Original Size Limit (MB)",
        config_parameter='key_account_management.contract_max_original_mb',
        default=DEFAULT_MAX_ORIGINAL_MB,
        help="Largest scanned original (in MB) a contract accepts; bigger uploads are "
             "refused.")

    # Work orders
    kam_request_max_attachment_mb = fields.Integer(
        string="Request Attachments Limit (MB)",
        config_parameter='key_account_management.request_max_attachment_mb',
        default=10,
        help="Largest file (in MB) a customer may attach to a request in the portal; bigger "
             "uploads are refused.")

    # Retention
    kam_health_watch_below = fields.Integer(
        string="Watch Below (Score)",
        config_parameter='key_account_management.health_watch_below',
        default=DEFAULT_WATCH_BELOW,
        help="Accounts whose health score is below this are watched (0-100).")
    kam_health_risk_below = fields.Integer(
        string="At Risk Below (Score)",
        config_parameter='key_account_management.health_risk_below',
        default=DEFAULT_RISK_BELOW,
        help="Accounts whose health score falls below this are at risk: a retention case "
             "opens for them (0-100, below the watch line).")

    kam_workbook_user_ids = fields.Many2many(
        related='company_id.kam_workbook_user_ids', readonly=False,
        help="Managers who get the management workbook of the month that ended, by email on the "
             "first of each month.")

    # KPI targets
    kam_kpi_target_retention = fields.Integer(
        string="Retention Rate Target (%)",
        config_parameter='key_account_management.kpi_target_retention', default=95,
        help="Share of the accounts at a month's start still key accounts at its end that the "
             "KPIs expect; below it the rate shows red.")
    kam_kpi_target_satisfaction = fields.Integer(
        string="Satisfaction Target (1-5)",
        config_parameter='key_account_management.kpi_target_satisfaction', default=4,
        help="Average satisfaction the KPIs expect of an account manager's accounts.")
    kam_kpi_target_stability = fields.Integer(
        string="Member Stability Target (%)",
        config_parameter='key_account_management.kpi_target_stability', default=70,
        help="Share of the members enrolled at a month's start still enrolled at its end that the "
             "KPIs expect.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('kam_kpi_target_retention', 'kam_kpi_target_satisfaction',
                    'kam_kpi_target_stability')
    def _check_kam_kpi_targets(self):
        for settings in self:
            if not (0 <= settings.kam_kpi_target_retention <= 100
                    and 0 <= settings.kam_kpi_target_stability <= 100
                    and 1 <= settings.kam_kpi_target_satisfaction <= 5):
                raise ValidationError(self.env._(
                    "KPI targets are percentages between 0 and 100, and a satisfaction between 1 "
                    "and 5."))

    @api.constrains('kam_health_watch_below', 'kam_health_risk_below')
    def _check_kam_health_thresholds(self):
        for settings in self:
            if not 0 < settings.kam_health_risk_below < settings.kam_health_watch_below <= 100:
                raise ValidationError(self.env._(
                    "The health thresholds must read 0 < at risk below < watch below ≤ 100 "
                    "(for example 50 and 75)."))
            # the company whose factors take off the fewest points decides
            total = min(self.env['kam.health.rule']._kam_company_totals().values(), default=0)
            if total < 100 - settings.kam_health_risk_below + 1:
                raise ValidationError(self.env._(
                    "With the factors' weights (%(total)s points in all) no account could score "
                    "below %(risk)s: the early warning could never fire. Lower the line or "
                    "raise the weights.", total=total, risk=settings.kam_health_risk_below))

    @api.constrains('kam_manager_capacity', 'kam_project_warning_days',
                    'kam_contract_max_original_mb', 'kam_request_max_attachment_mb')
    def _check_kam_minimums(self):
        minimums = {
            'kam_manager_capacity': (1, self.env._("Accounts per manager must be at least 1.")),
            'kam_project_warning_days': (0, self.env._(
                "Days before department work is due cannot be negative.")),
            'kam_contract_max_original_mb': (1, self.env._(
                "The size limit of scanned originals must be at least 1 MB.")),
            'kam_request_max_attachment_mb': (1, self.env._(
                "The size limit of request attachments must be at least 1 MB.")),
        }
        for settings in self:
            for fname, (minimum, message) in minimums.items():
                if settings[fname] < minimum:
                    raise ValidationError(message)

    @api.constrains(*SETTINGS_REMINDER_FIELDS)
    def _check_kam_contract_reminder_days(self):
        if any(settings[fname] < 0 for settings in self for fname in SETTINGS_REMINDER_FIELDS):
            raise ValidationError(self.env._("Reminders are whole numbers of days before the end, not negative."))

    @api.model
    def get_values(self):
        res = super().get_values()
        contract = self.env['kam.contract']
        res.update({fname: contract._default_reminder_days(index)
                    for index, fname in enumerate(SETTINGS_REMINDER_FIELDS)})
        return res

    def set_values(self):
        res = super().set_values()
        steps = sorted({self[fname] for fname in SETTINGS_REMINDER_FIELDS if self[fname]}, reverse=True)
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.contract_reminder_steps', ",".join(map(str, steps)))
        return res
