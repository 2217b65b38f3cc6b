from odoo import api, fields, models
from odoo.exceptions import ValidationError

OPEN_STATES = ('submitted', 'accepted', 'in_progress')


class KamServiceRequest(models.Model):
    """Dispatch (派单): a submitted work order goes, by the first dispatch
    rule matching its type, its account's region and its services'
    category, to a city branch's department and an assignee picked
    round-robin or least loaded. Every change of team or assignee is
    tracked in the chatter; the dispatch board shows each department's open
    load and SLA risk."""
    _inherit = 'kam.service.request'

    kam_dispatch_rule_id = fields.Many2one(
        'kam.dispatch.rule', "Dispatched by", readonly=True, copy=False, index='btree_not_null',
        tracking=True,
        help="The dispatch rule that chose the team and the assignee when the work order was "
             "submitted (or dispatched again).")
    kam_sla_risk = fields.Selection([
        ('on_track', "On Track"),
        ('at_risk', "At Risk"),
        ('late', "Late"),
    ], "SLA Risk", compute='_compute_kam_sla_risk', search='_search_kam_sla_risk',
        help="Late: an open work order past a deadline or flagged breached. At risk: its "
             "resolve-by time falls within the next 24 hours. On track otherwise.")

    @api.depends('deadline_accept', 'deadline_resolve', 'sla_status', 'state')
    def _compute_kam_sla_risk(self):
        now = fields.Datetime.now()
        soon = fields.Datetime.add(now, hours=24)
        for request in self:
            request.kam_sla_risk = request._kam_risk_of(now, soon)

    def _kam_risk_of(self, now, soon):
        if self.state not in OPEN_STATES:
            return 'on_track'
        if self.sla_status == 'breached' or self.is_overdue:
            return 'late'
        if self.deadline_resolve and self.deadline_resolve <= soon:
            return 'at_risk'
        return 'on_track'

    def _search_kam_sla_risk(self, operator, value):
        if operator not in ('=', 'in'):
            return NotImplemented
        values = [value] if operator == '=' else list(value)
        now = fields.Datetime.now()
        soon = fields.Datetime.add(now, hours=24)
        late = ['&', ('state', 'in', OPEN_STATES), '|', '|',
                ('sla_status', '=', 'breached'),
                '&', ('state', '=', 'submitted'), ('deadline_accept', '<', now),
                ('deadline_resolve', '<', now)]
        at_risk = ['&', '&', ('state', 'in', OPEN_STATES), ('deadline_resolve', '<=', soon),
                   '!', *late]
        parts = []
        if 'late' in values:
            parts.append(late)
        if 'at_risk' in values:
            parts.append(at_risk)
        if 'on_track' in values:
            parts.append(['!', '|', *late, *at_risk])
        if not parts:
            return [(0, '=', 1)]
        return ['|'] * (len(parts) - 1) + [leaf for part in parts for leaf in part]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        res = super().action_submit()
        self._kam_dispatch(strict=False)
        return res

    def action_dispatch(self):
        """Dispatch again by the rules (e.g. after a rule changed): the new
        team and assignee are tracked in the chatter. A rule pointing at an
        archived department or user is refused, nothing is changed."""
        self._kam_check_state(OPEN_STATES, self.env._("Dispatching"))
        self.check_access('write')
        self._kam_dispatch(strict=True)
        return True

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_dispatch(self, strict):
        """Apply the first matching rule. ``strict``: a rule with an archived
        target raises; otherwise (on submission, which must not fail for the
        customer) the order stays with its type's team and a note says why."""
        Rule = self.env['kam.dispatch.rule']
        rules = Rule.sudo().search([]) if self else Rule
        plans = []
        for request in self:
            rule = Rule._kam_find(request, rules)
            if not rule:
                continue
            try:
                rule._kam_check_targets()
            except ValidationError as error:
                if strict:
                    raise
                request.sudo().message_post(body=error.args[0])
                continue
            plans.append((request, rule))
        for request, rule in plans:
            user = rule._kam_pick_user()
            vals = {'kam_dispatch_rule_id': rule.id, 'department_id': rule.department_id.id}
            if user:
                vals['user_id'] = user.id
                rule.sudo().last_user_id = user
            request.sudo().write(vals)
            request.sudo().message_post(body=self.env._(
                "Dispatched by the rule %(rule)s to %(department)s%(user)s.",
                rule=rule.name, department=rule.department_id.name,
                user=f" ({user.name})" if user else ""))
