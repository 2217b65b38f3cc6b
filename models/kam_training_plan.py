from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_training_result import STATUSES

STATES = [
    ('draft', "Draft"),
    ('published', "Published"),
    ('closed', "Closed"),
]


class KamTrainingPlan(models.Model):
    """A training plan for account managers (培训方案): courses to study and
    a certification exam, Odoo's survey certification, to pass by a due
    date. Published, it invites each target manager to the exam once, the
    way Odoo's survey invitation does; each manager's attempts, best score
    and certificate make a result line."""
    _name = 'kam.training.plan'
    _description = "Training Plan"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin']
    _order = 'state, date_due desc, id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Title", required=True, tracking=True, help="What the training is about.")
    description = fields.Html(
        sanitize=True, help="Why the training matters and what to learn.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="The operator's company running the training.")
    state = fields.Selection(
        STATES, "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        help="Draft: Managers prepare it. Published: the target managers are invited to the "
             "exam and see the plan. Closed: no more invitations or reminders.")
    course_ids = fields.One2many(
        'kam.training.course', 'plan_id', "Courses", copy=True,
        help="Documents, links and videos to study before the exam.")
    survey_id = fields.Many2one(
        'survey.survey', "Certification Exam", required=True, tracking=True,
        domain=[('certification', '=', True)],
        help="The survey certification the managers must pass; its pass mark, attempts "
             "limit and question pools (sections drawing random questions) are set on it.")
    pass_mark = fields.Float(
        related='survey_id.scoring_success_min', string="Pass Mark (%)",
        help="Score needed to pass, set on the certification.")
    user_ids = fields.Many2many(
        'res.users', 'kam_training_plan_user_rel', 'plan_id', 'user_id', string="Managers",
        domain=lambda self: [('share', '=', False), ('all_group_ids', 'in', self.env.ref(
            'key_account_management.group_kam_user').ids)],
        help="Account managers who must take the training.")
    group_id = fields.Many2one(
        'res.groups', "All Users of Group", tracking=True,
        help="Optionally, every internal user of this group takes the training too, as "
             "they are when the plan is published or refreshed.")
    date_due = fields.Date(
        "Due Date", required=True, tracking=True,
        help="Last day to pass the exam; the invitations close then and the managers who "
             "have not passed get a reminder activity the day after.")
    result_ids = fields.One2many(
        'kam.training.result', 'plan_id', "Results", readonly=True,
        help="One line per invited manager: attempts, best score, certificate.")
    result_count = fields.Integer("Invited", compute='_compute_result_stats',
        help="Managers invited to the exam.")
    passed_count = fields.Integer("Passed", compute='_compute_result_stats',
        help="Invited managers who passed.")
    overdue_count = fields.Integer("Managers Overdue", compute='_compute_result_stats',
        help="Invited managers past the due date without a pass.")
    pass_rate = fields.Float("Pass Rate (%)", compute='_compute_result_stats',
        help="Share of the invited managers who passed.")
    my_status = fields.Selection(
        STATUSES, compute='_compute_my_status',
        help="Where you stand in this training, if you are invited.")
    is_overdue = fields.Boolean(
        "Overdue", compute='_compute_is_overdue', search='_search_is_overdue',
        help="Published and past its due date.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('survey_id')
    def _check_survey(self):
        if any(not plan.survey_id.sudo().certification for plan in self):
            raise ValidationError(self.env._(
                "The exam of a training plan must be a survey certification with a pass mark."))

    # ------------------------------------------------------------
    # Compute and search
    # ------------------------------------------------------------

    @api.depends('result_ids.status')
    def _compute_result_stats(self):
        counts = {}
        if self._origin.ids:
            for plan, status, count in self.env['kam.training.result']._read_group(
                    [('plan_id', 'in', self._origin.ids)], ['plan_id', 'status'], ['__count']):
                counts.setdefault(plan.id, {})[status] = count
        for plan in self:
            stats = counts.get(plan._origin.id, {})
            plan.result_count = sum(stats.values())
            plan.passed_count = stats.get('passed', 0)
            plan.overdue_count = stats.get('overdue', 0)
            plan.pass_rate = 100.0 * plan.passed_count / plan.result_count if plan.result_count else 0.0

    @api.depends_context('uid')
    @api.depends('result_ids.status')
    def _compute_my_status(self):
        mine = {result.plan_id.id: result.status for result in self.env['kam.training.result'].search(
            [('plan_id', 'in', self._origin.ids), ('user_id', '=', self.env.uid)])}
        for plan in self:
            plan.my_status = mine.get(plan._origin.id, False)

    @api.depends('state', 'date_due')
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.is_overdue = plan.state == 'published' and plan.date_due and plan.date_due < today

    def _search_is_overdue(self, operator, value):
        if operator not in ('in', 'not in'):
            return NotImplemented
        domain = [('state', '=', 'published'), ('date_due', '<', fields.Date.context_today(self))]
        return domain if operator == 'in' else ['!', *domain]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_publish(self):
        """Publish the plan: each target manager is invited to the exam."""
        self._kam_check_state(('draft',), self.env._("Publishing"))
        self._kam_check_ready()
        self._kam_move_state({'state': 'published'})
        self._kam_invite_targets()
        return True

    def action_refresh(self):
        """Invite the managers added since publication and read the scores again."""
        self._kam_check_state(('published',), self.env._("Refreshing"))
        self.check_access('write')
        self._kam_check_ready()
        self._kam_invite_targets()
        self.sudo().result_ids._kam_refresh_scores()
        return True

    def action_close(self):
        self._kam_check_state(('published',), self.env._("Closing"))
        self._kam_move_state({'state': 'closed'})
        return True

    def action_reopen(self):
        self._kam_check_state(('closed',), self.env._("Reopening"))
        self._kam_move_state({'state': 'published'})
        return True

    def action_take_exam(self):
        """Open the exam with the personal link of one's invitation."""
        self.ensure_one()
        result = self.env['kam.training.result'].search(
            [('plan_id', '=', self.id), ('user_id', '=', self.env.uid)], limit=1)
        if not result or self.state != 'published':
            raise UserError(self.env._("You are not invited to this training's exam."))
        answer = result.sudo().invite_input_id
        url = answer.get_start_url() if answer else self.survey_id.sudo().get_start_url()
        return {'type': 'ir.actions.act_url', 'url': url, 'target': 'self'}

    def action_view_results(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.kam_training_result_action')
        action['domain'] = [('plan_id', '=', self.id)]
        action['context'] = {'default_plan_id': self.id}
        return action

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_check_ready(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if not plan.survey_id.sudo().certification:
                raise UserError(self.env._(
                    "The exam of a training plan must be a survey certification with a pass mark."))
            if plan.date_due < today:
                raise UserError(self.env._(
                    "The due date of the training is in the past: set a day from today on."))
            if not plan._kam_target_users():
                raise UserError(self.env._(
                    "Choose the managers who take the training, or a group of users."))

    def _kam_target_users(self):
        """The internal, active users the plan is addressed to."""
        self.ensure_one()
        users = self.user_ids | self.group_id.sudo().all_user_ids
        return users.filtered(lambda u: u.active and not u.share)

    def _kam_invite_targets(self):
        """Invite every target user who has no result line on the plan yet,
        exactly once: a result line records the invitation."""
        Result = self.env['kam.training.result'].sudo()
        for plan in self.sudo():
            newcomers = plan._kam_target_users() - plan.result_ids.user_id
            if not newcomers:
                continue
            answers = plan._kam_send_invitations(newcomers)
            answer_of = {answer.partner_id.id: answer for answer in answers}
            results = Result.create([{
                'plan_id': plan.id,
                'user_id': user.id,
                'invite_input_id': answer_of.get(user.partner_id.id, answers[:0]).id,
                'date_invited': fields.Datetime.now(),
            } for user in newcomers])
            results._kam_refresh_scores()
            plan.message_subscribe(partner_ids=newcomers.partner_id.ids)
            plan.message_post(body=self.env._(
                "%(count)s managers invited to the exam.", count=len(newcomers)),
                subtype_xmlid='mail.mt_note')

    def _kam_send_invitations(self, users):
        """Odoo's survey invitation to ``users``: a new personal answer for
        each, open until the due date, and the invitation mail with its link.
        Returns the answers."""
        self.ensure_one()
        deadline = datetime.combine(self.date_due, time.max).replace(microsecond=0)
        invite = self.env['survey.invite'].sudo().create({
            'survey_id': self.survey_id.id,
            'partner_ids': [(6, 0, users.partner_id.ids)],
            'existing_mode': 'new',
            'deadline': deadline,
            'template_id': self.env.ref('survey.mail_template_user_input_invite').id,
            'author_id': (self.env.user.partner_id if self.env.user.email
                          else self.company_id.partner_id).id,
        })
        answers = invite._prepare_answers(users.partner_id, [])
        if invite.author_id.email or invite.template_id.email_from:
            for answer in answers:
                invite._send_mail(answer)
        return answers
