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
    _inherit = ['portal.mixin', 'mail.thread', 'mail.activity.mixin']
    _order = 'priority desc, date_end, id desc'
    _check_company_auto = True
    _rec_names_search = ['name', 'reference']
    _mail_post_access = 'read'  # the customer's users ask questions from the portal

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    reference = fields.Char(
        "Reference", required=True, readonly=True, copy=False, index='trigram',
        default=lambda self: self.env._("New"))
    name = fields.Char("Project", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', "Company", required=True, index=True,
        default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True)])
    opportunity_id = fields.Many2one(
        'crm.lead', "Opportunity", index='btree_not_null', tracking=True, check_company=True,
        domain="partner_id and [('partner_id', 'child_of', partner_id)] or []")
    partner_group_id = fields.Many2one(related='partner_id.kam_group_id', string="Group Customer")
    contract_id = fields.Many2one(
        'kam.contract', "Contract", index='btree_not_null', tracking=True, check_company=True,
        groups='key_account_management.group_kam_user',
        domain="partner_group_id and [('partner_group_id', '=', partner_group_id)] or []",
        help="The contract of the account's group this project delivers.")
    user_id = fields.Many2one(
        'res.users', "Project Owner", index=True, tracking=True,
        default=lambda self: self.env.user, domain=[('share', '=', False)])
    description = fields.Html("Description")
    date_start = fields.Date("Start Date", tracking=True)
    date_end = fields.Date("End Date", tracking=True)
    stage = fields.Selection(
        PROJECT_STAGES, "Stage", required=True, default='draft', tracking=True,
        group_expand=True, copy=False)
    priority = fields.Selection(
        [('0', "Normal"), ('1', "High"), ('2', "Urgent")], "Priority", default='0')
    color = fields.Integer("Color")
    task_ids = fields.One2many('kam.project.task', 'project_id', "Department Work", copy=True)
    task_count = fields.Integer("Departments", compute='_compute_progress', store=True)
    progress = fields.Float(
        "Progress (%)", compute='_compute_progress', store=True, aggregator='avg',
        digits=(5, 1), help="Share of department work done.")
    health = fields.Selection(
        HEALTHS, "Health", compute='_compute_health', store=True, index=True,
        help="Late when the end date has passed; at risk when a department's work "
             "is overdue or blocked. Refreshed every night.")

    _reference_company_uniq = models.Constraint(
        'UNIQUE(reference, company_id)', "A project reference must be unique per company.")

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
        super()._compute_access_url()
        for project in self:
            project.access_url = f'/my/kam_projects/{project.id}'

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
        for project in self.sudo().filtered('contract_id'):
            if project.contract_id.partner_id.kam_group_id != project.partner_id.kam_group_id:
                raise ValidationError(self.env._(
                    "The contract %(contract)s belongs to another group customer than the "
                    "account %(account)s of project %(project)s.",
                    contract=project.contract_id.display_name,
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
        self.write({'stage': 'in_progress'})

    def action_done(self):
        self.write({'stage': 'done'})

    def action_cancel(self):
        self.write({'stage': 'cancelled'})

    def action_reset_draft(self):
        self.write({'stage': 'draft'})

    # ------------------------------------------------------------
    # Business: nightly health and warnings
    # ------------------------------------------------------------

    @api.model
    def _cron_kam_project_warnings(self, batch_size=200):
        """Daily: refresh the health of open projects (it depends on today),
        then warn owners of department work due soon or overdue. Both parts
        are chunked; a crash or a rerun neither loses nor repeats a warning
        because each line remembers which warning it got."""
        cron = self.env['ir.cron']
        last_id = 0
        while True:
            projects = self.search(
                [('stage', 'in', OPEN_STAGES), ('id', '>', last_id)], limit=batch_size, order='id')
            if not projects:
                break
            last_id = projects[-1].id
            self.env.add_to_compute(self._fields['health'], projects)
            projects.flush_recordset(['health'])
            if not cron._commit_progress(len(projects)):
                return
        Task = self.env['kam.project.task']
        process_in_chunks(Task, Task._kam_warning_domain(),
                          lambda tasks: tasks._kam_send_warnings(), batch_size)
