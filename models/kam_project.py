from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_tools import process_in_chunks

PROJECT_STAGES = [
    ('draft', "Draft"),
    ('in_progress', "In Progress"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
]
OPEN_STAGES = ('draft', 'in_progress')

HEALTHS = [
    ('on_track', "On Track"),
    ('at_risk', "At Risk"),
    ('late', "Late"),
]


class KamProject(models.Model):
    _name = 'kam.project'
    _description = "Delivery Project"
    _inherit = ['portal.mixin', 'mail.thread', 'mail.activity.mixin',
                'kam.account.access.mixin', 'kam.state.guard.mixin']
    _order = 'priority desc, date_end, id desc'
    _check_company_auto = True
    _rec_names_search = ['name', 'reference', 'external_ref']
    _kam_state_field = 'stage'
    _mail_post_access = 'read'  # the customer's users ask questions from the portal

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    reference = fields.Char(
        required=True, readonly=True, copy=False, index='trigram',
        default=lambda self: self.env._("New"),
        help="Project reference from the sequence (PRJ/2026/0001), unique per company.")
    name = fields.Char(
        "Project", required=True, tracking=True,
        help="Name of the delivery project, as the customer knows it.")
    external_ref = fields.Char(
        "External Reference", copy=False, index='btree_not_null', tracking=True,
        help="The project's id in the system that feeds it (order or CRM system); unique "
             "per company. Integrators search and upsert by it.")
    active = fields.Boolean(
        default=True,
        help="Archived projects are hidden from lists and the portal.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env.company,
        help="Company of the operator delivering the project.")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True)],
        bypass_search_access=True,  # the portal rule's group subquery, see kam_rules_delivery.xml
        help="The customer company the project is delivered to; its users follow it in the "
             "portal.")
    opportunity_id = fields.Many2one(
        'crm.lead', index='btree_not_null', tracking=True, check_company=True,
        groups='base.group_user',
        domain="partner_id and [('partner_id', 'child_of', partner_id)] or []",
        help="CRM opportunity the project comes from, among the account's.")
    partner_group_id = fields.Many2one(
        related='partner_id.kam_group_id', string="Group Customer",
        help="Top company of the account's group.")
    contract_id = fields.Many2one(
        'kam.contract', index='btree_not_null', tracking=True, check_company=True,
        groups='key_account_management.group_kam_user',
        domain="partner_group_id and [('partner_group_id', '=', partner_group_id)] or []",
        help="The contract of the account's group this project delivers.")
    user_id = fields.Many2one(
        'res.users', "Project Owner", index=True, tracking=True,
        default=lambda self: self.env.user, domain=[('share', '=', False)],
        help="Project owner in the account team; plans the department work.")
    description = fields.Html(
        help="Scope of the project, for the team and the departments.")
    date_start = fields.Date("Start Date", tracking=True, help="Planned start.")
    date_end = fields.Date(
        "End Date", tracking=True,
        help="Planned end; an open project past it is late, and no department work may be "
             "expected after it.")
    stage = fields.Selection(
        PROJECT_STAGES, required=True, default='draft', tracking=True,
        group_expand=True, copy=False,
        help="Draft, in progress, done or cancelled; changed with the buttons. Drafts are "
             "not shown in the portal.")
    priority = fields.Selection(
        [('0', "Normal"), ('1', "High"), ('2', "Urgent")], default='0',
        help="Normal, high or urgent; urgent projects come first in lists.")
    color = fields.Integer(help="Colour of the kanban card.")
    task_ids = fields.One2many(
        'kam.project.task', 'project_id', "Department Work", copy=True,
        help="One line per department involved: work content, owner, expected and done "
             "dates, status.")
    task_count = fields.Integer(
        "Departments", compute='_compute_progress', store=True,
        help="Number of departments involved.")
    progress = fields.Float(
        "Progress (%)", compute='_compute_progress', store=True, aggregator='avg',
        digits=(5, 1), help="Share of department work done.")
    health = fields.Selection(
        HEALTHS, compute='_compute_health', store=True, index=True,
        help="Late when the end date has passed; at risk when a department's work "
             "is overdue or blocked. Refreshed every night.")
    health_date = fields.Date(
        "Health Refreshed On", readonly=True, copy=False,
        help="Last night the daily job refreshed the health: it resumes from there.")

    _reference_company_uniq = models.Constraint(
        'UNIQUE(reference, company_id)', "A project reference must be unique per company.")
    _external_ref_company_uniq = models.Constraint(
        'UNIQUE(company_id, external_ref)',
        "This external reference is already used by another project of the company.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('task_ids.status')
    def _compute_progress(self):
        for project in self:
            tasks = project.task_ids
            project.task_count = len(tasks)
            done = len(tasks.filtered(lambda t: t.status == 'done'))
            project.progress = 100.0 * done / len(tasks) if tasks else 0.0

    @api.depends('stage', 'date_end', 'task_ids.status', 'task_ids.date_expected')
    def _compute_health(self):
        today = fields.Date.context_today(self)
        for project in self:
            if project.stage not in OPEN_STAGES:
                project.health = 'on_track'
            elif project.date_end and project.date_end < today:
                project.health = 'late'
            elif any(task._kam_is_overdue(today) or task.status == 'blocked'
                     for task in project.task_ids):
                project.health = 'at_risk'
            else:
                project.health = 'on_track'

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for project in self:
            project.access_url = f'/my/kam_projects/{project.id}'
        return res

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # The chatter is the delivery team's; department owners reading a
        # project may not read its account, so it is not suggested as recipient.
        return []

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('contract_id', 'partner_id')
    def _check_contract(self):
        for project, project_sudo in zip(self, self.sudo()):
            contract = project_sudo.contract_id
            if contract and contract.partner_id.kam_group_id != project.partner_id.kam_group_id:
                # name the contract only to those who may open it
                # (constraints run as superuser: ask for the caller's rights)
                if project.contract_id.sudo(False)._filtered_access('read'):
                    raise ValidationError(self.env._(
                        "The contract %(contract)s belongs to another group customer than the "
                        "account %(account)s of project %(project)s.",
                        contract=contract.display_name,
                        account=project.partner_id.display_name, project=project.display_name))
                raise ValidationError(self.env._(
                    "The contract chosen for project %(project)s is not a contract of the group "
                    "of its account %(account)s.",
                    account=project.partner_id.display_name, project=project.display_name))

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for project in self:
            if project.date_start and project.date_end and project.date_end < project.date_start:
                raise ValidationError(self.env._(
                    "The project %(project)s cannot end before it starts.",
                    project=project.display_name))
        self.task_ids._check_date_expected()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get('reference') or vals['reference'] == self.env._("New"):
                company = self.env['res.company'].browse(vals.get('company_id')) or self.env.company
                vals['reference'] = self.env['ir.sequence'].with_company(company).next_by_code(
                    'kam.project') or self.env._("New")
        return super().create(vals_list)

    @api.depends('reference', 'name')
    def _compute_display_name(self):
        for project in self:
            project.display_name = f"[{project.reference}] {project.name}" if project.name else project.reference

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_start(self):
        self._kam_move_state({'stage': 'in_progress'})
        return True

    def action_done(self):
        self._kam_move_state({'stage': 'done'})
        return True

    def action_cancel(self):
        self._kam_move_state({'stage': 'cancelled'})
        return True

    def action_reset_draft(self):
        # a new token: links sent while it ran no longer open it
        self._kam_move_state({'stage': 'draft', 'access_token': False})
        return True

    # ------------------------------------------------------------
    # Business: nightly health and warnings
    # ------------------------------------------------------------

    def _kam_refresh_health(self, today):
        self.env.add_to_compute(self._fields['health'], self)
        self.flush_recordset(['health'])
        self.with_context(tracking_disable=True)._write({'health_date': today})
        self.invalidate_recordset(['health_date', 'write_date', 'write_uid'])

    @api.model
    def _cron_kam_project_warnings(self, batch_size=200):
        """Daily: refresh the health of open projects (it depends on today),
        then warn owners of department work due soon or overdue. Both parts
        are chunked and keep their position in the database (the day each
        project was refreshed, the warnings each line got), so a crash, a
        rerun or a run cut short by the cron's time limit goes on from where
        it stopped, neither losing nor repeating a warning."""
        today = fields.Date.context_today(self)
        done = process_in_chunks(
            self, [('stage', 'in', OPEN_STAGES),
                   '|', ('health_date', '=', False), ('health_date', '<', today)],
            lambda projects: projects._kam_refresh_health(today), batch_size)
        if not done:
            return
        Task = self.env['kam.project.task']
        process_in_chunks(Task, Task._kam_warning_domain(),
                          lambda tasks: tasks._kam_send_warnings(), batch_size,
                          on_failure=lambda task, error: task._kam_warning_failed(error))
