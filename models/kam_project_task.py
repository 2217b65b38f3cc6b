from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_department_work_mixin import DEPARTMENT_WORK_STATUSES as TASK_STATUSES  # noqa: F401
from .kam_tools import int_param, lang_groups, mark_failed, prefetch_people, schedule_activities

DEFAULT_WARNING_DAYS = 3
WARNING_ACTIVITY = 'key_account_management.mail_activity_type_kam_project_warning'


class KamProjectTask(models.Model):
    _name = 'kam.project.task'
    _description = "Department Work"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.access.mixin',
                'kam.department.work.mixin']
    _order = 'project_id, sequence, id'
    _kam_account_moving_fields = ('project_id',)
    # the warnings' bookkeeping, which the line's own changes reset
    _kam_bookkeeping_fields = frozenset({'warned_soon', 'warned_overdue', 'warning_failed_date'})

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    project_id = fields.Many2one(
        'kam.project', required=True, index=True, ondelete='cascade',
        help="Delivery project this department work belongs to.")
    sequence = fields.Integer(default=10, help="Order of the line in the project.")
    company_id = fields.Many2one(
        related='project_id.company_id', store=True, index=True,
        help="Company of the project.")
    partner_id = fields.Many2one(
        related='project_id.partner_id', store=True, string="Account",
        help="Customer of the project.")
    project_stage = fields.Selection(
        related='project_id.stage', string="Project Stage",
        help="Stage of the project.")
    name = fields.Text(
        "Work Content", tracking=True,
        help="What the department has to do; planned by the project team.")
    date_expected = fields.Date(
        "Expected Date", tracking=True,
        help="When the department should be done; drives the due-soon and overdue warnings "
             "and must not be after the project's end.")
    is_overdue = fields.Boolean(
        "Overdue", compute='_compute_is_overdue',
        help="Not done and the expected date has passed.")
    can_plan = fields.Boolean(
        compute='_compute_can_plan',
        help="The user is in the project team: beyond reporting, they plan the work.")
    warned_soon = fields.Boolean(
        "Due-Soon Warning Sent", readonly=True, copy=False, groups='base.group_user',
        help="The owner got the due-soon activity (once per expected date).")
    warned_overdue = fields.Boolean(
        "Overdue Warning Sent", readonly=True, copy=False, groups='base.group_user',
        help="The owner got the overdue activity (once per expected date).")
    warning_failed_date = fields.Date(
        "Warning Failed On", readonly=True, copy=False, groups='base.group_user',
        help="The daily job could not warn about this line on that day; it tries again "
             "when the line is changed.")

    _project_department_uniq = models.Constraint(
        'UNIQUE(project_id, department_id)',
        "A department has one line of work per project: edit the existing line.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends_context('uid')
    def _compute_can_plan(self):
        writable = self.project_id._origin._filtered_access('write')
        for task in self:
            task.can_plan = not task.project_id._origin or task.project_id._origin in writable

    @api.depends('date_expected', 'status')
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for task in self:
            task.is_overdue = task._kam_is_overdue(today)

    def _kam_is_overdue(self, today):
        self.ensure_one()
        return bool(self.date_expected and self.date_expected < today and self.status != 'done')

    @api.depends('project_id.reference', 'department_id.name')
    def _compute_display_name(self):
        for task in self:
            task.display_name = " / ".join(filter(None, [
                task.project_id.reference, task.department_id.name]))

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # The account is not who department work is discussed with, and
        # department owners may not read it: no customer recipient suggested.
        return []

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('date_expected', 'project_id')
    def _check_date_expected(self):
        for task in self:
            end = task.project_id.date_end
            if task.date_expected and end and task.date_expected > end:
                raise ValidationError(self.env._(
                    "%(work)s is expected on %(date)s, after the end of its project (%(end)s).",
                    work=task.display_name, date=task.date_expected, end=end))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        vals = dict(vals)
        if 'date_expected' in vals:
            # a new date deserves new warnings
            vals.update(warned_soon=False, warned_overdue=False)
        if ('warning_failed_date' not in vals and {'date_expected', 'user_id', 'status'} & set(vals)
                and any(self.mapped('warning_failed_date'))):
            vals['warning_failed_date'] = False
        reported = self.filtered(lambda t: t.status != vals['status']) \
            if vals.get('status') in ('done', 'blocked') else self.browse()
        res = super().write(vals)
        if vals.get('status') == 'done':
            self.activity_unlink([WARNING_ACTIVITY])
        reported._kam_notify_project_owner()
        return res

    def _kam_notify_project_owner(self):
        """Tell the project owner, in the project's chatter, that a department
        finished or is blocked. The write that got here already passed the
        access checks; department owners may not post on projects otherwise."""
        for task in self:
            project = task.project_id.sudo()
            if task.status == 'done':
                body = self.env._("%(department)s: work done.", department=task.department_id.name)
            else:
                body = self.env._("%(department)s: work blocked (%(reason)s).",
                                  department=task.department_id.name,
                                  reason=task.delay_reason_id.name)
            owner = project.user_id.partner_id - self.env.user.partner_id
            project.message_post(
                body=body, subtype_xmlid='mail.mt_note', author_id=self.env.user.partner_id.id,
                partner_ids=owner.ids)

    # ------------------------------------------------------------
    # Business: warnings
    # ------------------------------------------------------------

    @api.model
    def _kam_warning_days(self):
        return int_param(self.env, 'key_account_management.project_warning_days',
                         DEFAULT_WARNING_DAYS)

    @api.model
    def _kam_warning_domain(self):
        """Open lines with an owner still owed a warning: due within the
        warning days and not yet warned, or overdue and not yet warned so."""
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self._kam_warning_days())
        return fields.Domain.AND([
            [('status', '!=', 'done'), ('user_id', '!=', False), ('warning_failed_date', '=', False),
             ('project_id.stage', 'in', ['draft', 'in_progress']),
             ('date_expected', '!=', False)],
            fields.Domain.OR([
                [('date_expected', '<', today), ('warned_overdue', '=', False)],
                [('date_expected', '>=', today), ('date_expected', '<=', horizon),
                 ('warned_soon', '=', False)],
            ]),
        ])

    def _kam_send_warnings(self):
        """Schedule one activity per line for its owner, for the step it has
        reached, in the owner's language, in one batch per language, and
        remember it."""
        today = fields.Date.context_today(self)
        overdue = self.filtered(lambda t: t.date_expected < today)
        overdue_ids = set(overdue.ids)
        days = self._kam_warning_days()
        # the activities are named after their lines: read them all at once
        self.project_id.mapped('reference')
        self.department_id.mapped('name')
        self.mapped('display_name')
        activity_type = self.env.ref(WARNING_ACTIVITY)
        prefetch_people(self.user_id)
        for lang, tasks in lang_groups(self, lambda t: t.user_id.lang).items():
            env = self.with_context(lang=lang).env
            texts = {
                True: (env._("Department work overdue"), env._(
                    "This work is past its expected date: mark it done or give its delay reason.")),
                False: (env._("Department work due soon"), env._(
                    "This work is expected within %(days)s days.", days=days)),
            }

            def values(task, texts=texts):
                summary, note = texts[task.id in overdue_ids]
                return {'user_id': task.user_id.id, 'summary': summary, 'note': note,
                        'date_deadline': max(task.date_expected, today)}

            schedule_activities(tasks, activity_type, values)
        overdue.sudo().with_context(tracking_disable=True).write(
            {'warned_overdue': True, 'warned_soon': True})
        (self - overdue).sudo().with_context(tracking_disable=True).write({'warned_soon': True})

    def _kam_warning_failed(self, error):
        mark_failed(self, error, 'warning_failed_date', self.project_id.user_id,
                    lambda env: env._("The daily project warnings"))
