from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

DEPARTMENT_WORK_STATUSES = [
    ('todo', "To Do"),
    ('in_progress', "In Progress"),
    ('done', "Done"),
    ('blocked', "Blocked"),
]


class KamDepartmentWorkMixin(models.AbstractModel):
    """Work a department owes: the lines of delivery projects and the
    provisioning steps of work orders. The department's manager owns it by
    default, reports its status, done date, feedback and delay reason in
    the Department Work app, and may change nothing else; whoever plans the
    work (``can_plan``) changes the rest."""
    _name = 'kam.department.work.mixin'
    _description = "Department Work Mixin"

    # what a department owner reports on his own work; everything else is
    # planned by the team that owns the project or the work order
    _kam_report_fields = frozenset({'status', 'date_done', 'feedback', 'delay_reason_id'})
    # written by the model itself along with what is reported (job flags)
    _kam_bookkeeping_fields = frozenset()

    department_id = fields.Many2one(
        'hr.department', required=True, index=True, tracking=True,
        check_company=False,
        help="Department (hr.department) that does the work; its manager's user is the "
             "default owner.")
    user_id = fields.Many2one(
        'res.users', "Owner", compute='_compute_user_id', store=True, readonly=False,
        index=True, tracking=True, domain=[('share', '=', False)],
        help="Reports on this work; by default the manager of the department.")
    date_done = fields.Date(
        "Done On", tracking=True, copy=False,
        help="When the work was done; today when marked done, never in the future.")
    status = fields.Selection(
        DEPARTMENT_WORK_STATUSES, required=True, default='todo', tracking=True, copy=False,
        help="To do, in progress, done or blocked (a blocked line needs a delay reason); the "
             "department's owner reports it.")
    feedback = fields.Text(
        copy=False, groups='base.group_user',
        help="Internal: never shown to the customer.")
    delay_reason_id = fields.Many2one(
        'kam.delay.reason', index='btree_not_null', tracking=True, copy=False,
        groups='base.group_user',
        help="Why the work is late or blocked; required when blocked. Used in the department "
             "analysis.")

    @api.depends('department_id')
    def _compute_user_id(self):
        for work in self:
            work.user_id = work.department_id.manager_id.user_id or work.user_id

    @api.constrains('date_done')
    def _check_date_done(self):
        today = fields.Date.context_today(self)
        for work in self:
            if work.date_done and work.date_done > today:
                raise ValidationError(self.env._(
                    "%(work)s cannot be done on %(date)s: a done date cannot be in the future.",
                    work=work.display_name, date=work.date_done))

    @api.constrains('status', 'delay_reason_id')
    def _check_blocked_reason(self):
        for work in self:
            if work.status == 'blocked' and not work.delay_reason_id:
                raise ValidationError(self.env._(
                    "%(work)s is blocked: say why with a delay reason.", work=work.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_check_department(vals, creating=True)
            self._kam_prepare_status(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_department(vals)
        self._kam_check_report_access(vals)
        return super().write(self._kam_prepare_status(dict(vals)))

    def _kam_check_department(self, vals, creating=False):
        if (creating or 'department_id' in vals) and not vals.get('department_id'):
            raise ValidationError(self.env._(
                "Each line of department work needs a department."))

    def _kam_prepare_status(self, vals):
        """Done work gets today's date unless one is given; work reopened
        loses it."""
        if vals.get('status') == 'done' and not vals.get('date_done'):
            vals['date_done'] = fields.Date.context_today(self)
        elif vals.get('status') and vals['status'] != 'done':
            vals['date_done'] = False
        return vals

    def _kam_planner_label(self):
        """Who plans the work beyond what its department reports."""
        return self.env._("the project team")

    def _kam_check_report_access(self, vals):
        """Department owners outside the planning team update their own
        work, and only what they report on it."""
        if self.env.su:
            return
        foreign = self.filtered(lambda w: not w.can_plan)
        if not foreign:
            return
        others = foreign.filtered(lambda w: w.user_id != self.env.user)
        if others:
            raise AccessError(self.env._(
                "You can only update your own department's work: %(work)s belongs to %(owner)s.",
                work=others[0].display_name,
                owner=others[0].user_id.name or self.env._("nobody")))
        planned = set(vals) - self._kam_report_fields - self._kam_bookkeeping_fields
        if planned:
            fields_desc = self.fields_get(sorted(planned), ['string'])
            raise AccessError(self.env._(
                "As department owner you report status, done date, feedback and delay "
                "reason; %(fields)s are planned by %(planner)s.",
                fields=", ".join(desc['string'] for desc in fields_desc.values()),
                planner=self._kam_planner_label()))
