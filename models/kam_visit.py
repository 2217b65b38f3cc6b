from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_tools import schedule_activities

# a visit is planned this many days before it falls due
PLAN_AHEAD_DAYS = 7


class KamVisit(models.Model):
    """A return visit or call to a key account (客户回访): who was met, why,
    what was said, how satisfied they are (1-5, or from a survey they
    answer) and the next step. The visit plan asks the account manager for
    one when the tier's frequency is due."""
    _name = 'kam.visit'
    _description = "Return Visit"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.access.mixin',
                'kam.state.guard.mixin']
    _order = 'date desc, id desc'
    _check_company_auto = True
    _kam_draft_state = 'planned'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Subject", required=True, tracking=True,
        help="What the visit is about, in a few words.")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        help="The key account visited or called.")
    user_id = fields.Many2one(
        'res.users', "Visited By", default=lambda self: self.env.user, tracking=True,
        index=True, domain=[('share', '=', False)],
        help="Who made the visit or call.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator serving the account.")
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True,
        help="When the visit takes or took place; a visit cannot be marked done before it.")
    kind = fields.Selection([
        ('visit', "On-site Visit"),
        ('call', "Phone Call"),
        ('video', "Video Call"),
    ], required=True, default='visit', help="How the customer was met.")
    purpose = fields.Selection([
        ('routine', "Routine Visit"),
        ('after_service', "After Service"),
        ('care', "Care / Retention"),
        ('complaint', "Complaint Follow-up"),
        ('business', "New Business"),
    ], required=True, default='routine', help="Why the customer was met.")
    contact_ids = fields.Many2many(
        'res.partner', string="Contacts Met",
        domain="[('commercial_partner_id', '=', partner_id), ('is_company', '=', False)]",
        help="The customer's people met or called; the survey goes to them.")
    summary = fields.Html(help="What was discussed and learned.")
    satisfaction = fields.Integer(
        "Satisfaction (1-5)", tracking=True,
        help="How satisfied the customer is, 1 (very unhappy) to 5 (very satisfied), as the "
             "visitor judges it; 0 when not rated.")
    survey_satisfaction = fields.Float(
        compute='_compute_survey_satisfaction', store=True,
        digits=(3, 1),
        help="Average of the scale answers of the survey the contacts completed, on 1-5.")
    satisfaction_score = fields.Float(
        compute='_compute_satisfaction_score', store=True, digits=(3, 1),
        aggregator='avg',
        help="The survey's satisfaction when the contacts answered it, else the visitor's "
             "rating; 0 when neither.")
    next_step = fields.Char(help="What was agreed to do next.")
    next_date = fields.Date("Next Step By", help="When the next step is due.")
    state = fields.Selection([
        ('planned', "Planned"),
        ('done', "Done"),
        ('cancelled', "Cancelled"),
    ], "Status", default='planned', required=True, copy=False, tracking=True, index=True,
        help="Planned, done (counts for the visit plan and satisfaction) or cancelled; moved "
             "by the buttons.")
    retention_case_id = fields.Many2one(
        'kam.retention.case', index='btree_not_null', check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The retention case this visit is part of, if any.")
    survey_id = fields.Many2one(
        'survey.survey', "Satisfaction Survey",
        default=lambda self: self.env.ref(
            'key_account_management.survey_kam_visit_satisfaction', raise_if_not_found=False),
        help="The survey sent to the contacts after the visit; its scale answers make the "
             "satisfaction.")
    survey_answer_ids = fields.One2many(
        'survey.user_input', 'kam_visit_id', "Survey Answers", readonly=True,
        help="The contacts' answers to the survey.")
    survey_answer_count = fields.Integer(
        "Answers", compute='_compute_survey_satisfaction', store=True,
        help="Completed survey answers.")

    # ------------------------------------------------------------
    # Compute and constraints
    # ------------------------------------------------------------

    @api.depends('survey_answer_ids.state', 'survey_answer_ids.user_input_line_ids.value_scale')
    def _compute_survey_satisfaction(self):
        for visit in self:
            done = visit.sudo().survey_answer_ids.filtered(lambda a: a.state == 'done')
            scores = []
            for line in done.user_input_line_ids.filtered(
                    lambda ln: ln.answer_type == 'scale' and not ln.skipped):
                question = line.question_id
                span = (question.scale_max - question.scale_min) or 1
                scores.append(1 + 4.0 * (line.value_scale - question.scale_min) / span)
            visit.survey_answer_count = len(done)
            visit.survey_satisfaction = sum(scores) / len(scores) if scores else 0.0

    @api.depends('satisfaction', 'survey_satisfaction')
    def _compute_satisfaction_score(self):
        for visit in self:
            visit.satisfaction_score = visit.survey_satisfaction or float(visit.satisfaction)

    @api.constrains('satisfaction')
    def _check_satisfaction(self):
        if any(not 0 <= visit.satisfaction <= 5 for visit in self):
            raise ValidationError(self.env._(
                "Satisfaction is rated from 1 (very unhappy) to 5 (very satisfied); leave it at 0 "
                "when not rated."))

    @api.constrains('date', 'state')
    def _check_done_date(self):
        today = fields.Date.context_today(self)
        if any(visit.state == 'done' and visit.date > today for visit in self):
            raise ValidationError(self.env._(
                "A visit in the future cannot be done yet: change its date or keep it planned."))

    @api.constrains('partner_id')
    def _check_partner(self):
        if any(not visit.partner_id.sudo().kam_is_key_account for visit in self):
            raise ValidationError(self.env._("Return visits are for key accounts."))

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        self.contact_ids = self.contact_ids.filtered(
            lambda c: c.commercial_partner_id == self.partner_id)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_done(self):
        self._kam_check_state(('planned',), self.env._("Marking done"))
        self._kam_move_state({'state': 'done'})
        # the visit plan's reminder is answered
        self.env['mail.activity'].sudo().search([
            ('res_model', '=', 'res.partner'), ('res_id', 'in', self.partner_id.ids),
            ('activity_type_id', '=', self.env.ref(
                'key_account_management.mail_activity_type_kam_visit').id),
        ]).action_feedback(feedback=self.env._("Visit done"))
        return True

    def action_cancel(self):
        self._kam_check_state(('planned',), self.env._("Cancelling"))
        self._kam_move_state({'state': 'cancelled'})
        return True

    def action_reset_planned(self):
        self._kam_check_state(('cancelled',), self.env._("Planning again"))
        self._kam_move_state({'state': 'planned'})
        return True

    def action_send_survey(self):
        """Odoo's survey invitation, to the contacts met; their answers come
        back to this visit."""
        self.ensure_one()
        if not self.survey_id:
            raise UserError(self.env._("Choose the satisfaction survey to send first."))
        if self.state != 'done':
            raise UserError(self.env._("Send the survey once the visit is done."))
        self.check_access('write')
        action = self.survey_id.sudo().action_send_survey()
        action['context'] = dict(
            action.get('context', {}), default_kam_visit_id=self.id,
            default_partner_ids=self.contact_ids.filtered('email').ids)
        return action

    # ------------------------------------------------------------
    # The visit plan
    # ------------------------------------------------------------

    @api.model
    def _kam_plan_visits(self, accounts, today):
        """Give the manager of each account whose next visit falls due within
        a week (tier frequency after the last visit) an activity to plan it,
        once: not when one is pending or a visit is planned."""
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_visit')
        due = accounts.filtered(lambda a: a.kam_manager_id and a.kam_tier_id.visit_frequency_days
                                and (not a.kam_last_visit_date or a.kam_last_visit_date + timedelta(
                                    days=a.kam_tier_id.visit_frequency_days - PLAN_AHEAD_DAYS)
                                    <= today))
        if not due:
            return
        pending = {pid for [pid] in self.env['mail.activity'].sudo()._read_group(
            [('res_model', '=', 'res.partner'), ('res_id', 'in', due.ids),
             ('activity_type_id', '=', activity_type.id)], ['res_id'])}
        planned = {partner.id for [partner] in self.sudo()._read_group(
            [('partner_id', 'in', due.ids), ('state', '=', 'planned')], ['partner_id'])}
        due = due.filtered(lambda a: a.id not in pending and a.id not in planned)
        for lang, group in due.grouped(lambda a: a.kam_manager_id.lang or self.env.lang).items():
            env = group.with_context(lang=lang).env
            schedule_activities(group, activity_type, lambda account, env=env: {
                'user_id': account.kam_manager_id.id,
                'summary': env._("Return visit due (tier %(tier)s: every %(days)s days)",
                                 tier=account.kam_tier_id.code,
                                 days=account.kam_tier_id.visit_frequency_days),
                'date_deadline': max(today, (account.kam_last_visit_date or today) + timedelta(
                    days=account.kam_tier_id.visit_frequency_days)),
            })
