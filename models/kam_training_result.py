from odoo import api, fields, models

from .kam_tools import lang_groups, process_in_chunks

STATUSES = [
    ('to_do', "Not Started"),
    ('in_progress', "Not Passed Yet"),
    ('passed', "Passed"),
    ('overdue', "Overdue"),
]


class KamTrainingResult(models.Model):
    """One account manager's standing in one training plan: invited once at
    publication, then his attempts at the certification, best score, pass
    and certificate date, read from Odoo's survey answers. The overdue
    reminder given to him is kept here so that it is given once."""
    _name = 'kam.training.result'
    _description = "Training Result"
    _order = 'plan_id desc, status, best_score desc, id'
    _rec_name = 'user_id'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    plan_id = fields.Many2one(
        'kam.training.plan', "Training Plan", required=True, index=True, ondelete='cascade',
        readonly=True, help="The training plan.")
    user_id = fields.Many2one(
        'res.users', "Manager", required=True, index=True, ondelete='cascade', readonly=True,
        help="The account manager taking the training.")
    partner_id = fields.Many2one(
        related='user_id.partner_id', store=True, index=True, string="Manager's Contact",
        help="The manager's contact, to whom the exam is addressed.")
    company_id = fields.Many2one(related='plan_id.company_id', store=True, index=True,
        help="Company of the training plan.")
    survey_id = fields.Many2one(related='plan_id.survey_id', store=True, index=True,
        help="The plan's certification exam.")
    date_due = fields.Date(related='plan_id.date_due', store=True, help="The plan's due date.")
    plan_state = fields.Selection(related='plan_id.state', store=True, string="Plan Status",
        help="Status of the training plan.")
    invite_input_id = fields.Many2one(
        'survey.user_input', "Invitation", readonly=True, ondelete='set null',
        help="The personal answer created by the invitation; its link opens the exam.")
    date_invited = fields.Datetime("Invited On", readonly=True,
        help="When the manager was invited to the exam.")
    attempt_count = fields.Integer(
        "Attempts", readonly=True, aggregator='sum', help="Finished attempts at the exam.")
    best_score = fields.Float(
        "Best Score (%)", readonly=True, digits=(5, 1), aggregator='avg',
        help="The best score of the finished attempts.")
    passed = fields.Boolean(readonly=True, help="An attempt reached the pass mark.")
    date_certified = fields.Datetime(
        "Certified On", readonly=True, help="When the first passing attempt was finished.")
    date_last_attempt = fields.Datetime("Last Attempt", readonly=True,
        help="When the last finished attempt ended.")
    status = fields.Selection(
        STATUSES, compute='_compute_status', store=True, index=True,
        help="Passed; overdue when the due date has gone by without a pass; else not "
             "started or not passed yet.")
    date_reminded = fields.Date(
        "Reminded On", readonly=True, copy=False,
        help="When the overdue reminder was given; it is given once.")
    activity_id = fields.Many2one(
        'mail.activity', "Reminder", readonly=True, ondelete='set null', copy=False,
        help="The overdue reminder activity given to the manager.")

    _one_per_plan_and_user = models.Constraint(
        "UNIQUE(plan_id, user_id)", "A manager has one result per training plan.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('passed', 'attempt_count', 'date_due')
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for result in self:
            if result.passed:
                result.status = 'passed'
            elif result.date_due and result.date_due < today:
                result.status = 'overdue'
            else:
                result.status = 'in_progress' if result.attempt_count else 'to_do'

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_refresh_scores(self):
        """Read the attempts of these results' managers at their plans'
        exams from Odoo's survey answers, in two grouped queries whatever
        the number of results, and write what changed."""
        results = self.sudo()
        if not results:
            return
        names = ['survey_id', 'partner_id', 'attempt_count', 'best_score', 'date_last_attempt',
                 'passed', 'date_certified']
        results.fetch(names)
        Answer = self.env['survey.user_input'].sudo()
        domain = [('survey_id', 'in', results.survey_id.ids),
                  ('partner_id', 'in', results.partner_id.ids),
                  ('test_entry', '=', False), ('state', '=', 'done')]
        done = {
            (survey.id, partner.id): (count, best, last)
            for survey, partner, count, best, last in Answer._read_group(
                domain, ['survey_id', 'partner_id'],
                ['__count', 'scoring_percentage:max', 'end_datetime:max'])
        }
        certified = {
            (survey.id, partner.id): first
            for survey, partner, first in Answer._read_group(
                domain + [('scoring_success', '=', True)], ['survey_id', 'partner_id'],
                ['end_datetime:min'])
        }
        for result in results:
            key = (result.survey_id.id, result.partner_id.id)
            count, best, last = done.get(key, (0, 0.0, False))
            vals = {
                'attempt_count': count,
                'best_score': best or 0.0,
                'date_last_attempt': last,
                'passed': key in certified,
                'date_certified': certified.get(key, False),
            }
            if any(result[name] != value for name, value in vals.items()):
                result.write(vals)

    @api.model
    def _kam_refresh_for_answers(self, answers):
        """Refresh the results touched by these survey answers."""
        answers = answers.sudo().filtered(lambda a: a.partner_id and not a.test_entry)
        if not answers:
            return
        self.sudo().search([
            ('survey_id', 'in', answers.survey_id.ids),
            ('partner_id', 'in', answers.partner_id.ids),
        ])._kam_refresh_scores()

    @api.model
    def _cron_kam_training_overdue(self):
        """Daily: results of published plans whose due date has gone by turn
        overdue, and each manager who has not passed gets one reminder
        activity on the plan, once (the result keeps it); chunked and
        resumable."""
        today = fields.Date.context_today(self)
        late = [('plan_state', '=', 'published'), ('date_due', '<', today)]
        Result = self.sudo()
        stale = Result.search(late + [('status', 'in', ('to_do', 'in_progress'))])
        self.env.add_to_compute(self._fields['status'], stale)
        stale.flush_recordset(['status'])
        process_in_chunks(
            Result, late + [('passed', '=', False), ('date_reminded', '=', False)],
            lambda results: results._kam_remind_overdue())
        return True

    def _kam_remind_overdue(self):
        """One activity on the plan for each of these results' managers who
        has still not passed; every result is marked reminded."""
        self._kam_refresh_scores()
        today = fields.Date.context_today(self)
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_training')
        model_id = self.env['ir.model']._get_id('kam.training.plan')
        pending = self.filtered(lambda r: not r.passed)
        for lang, group in lang_groups(pending, lambda r: r.user_id.lang).items():
            env = self.with_context(lang=lang).env
            activities = self.env['mail.activity'].sudo().with_context(
                mail_activity_quick_update=True).create([{
                    'activity_type_id': activity_type.id,
                    'res_model_id': model_id,
                    'res_id': result.plan_id.id,
                    'user_id': result.user_id.id,
                    'automated': True,
                    'summary': env._("Pass the certification: %(plan)s", plan=result.plan_id.name),
                    'note': env._("The training's due date has gone by and you have not passed "
                                  "its exam yet."),
                    'date_deadline': today,
                } for result in group])
            for result, activity in zip(group, activities):
                result.activity_id = activity
        self.write({'date_reminded': today})
