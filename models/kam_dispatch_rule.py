from odoo import api, fields, models
from odoo.exceptions import ValidationError

OPEN_STATES = ('submitted', 'accepted', 'in_progress')


class KamDispatchRule(models.Model):
    """A dispatch rule (派单规则): work orders of a type, for accounts of a
    region, about services of a category, go to a city branch's department
    and, within it, to an assignee picked in turn (round-robin) or the one
    with the fewest open work orders (least loaded). Applied when an order
    is submitted; the first matching rule by sequence wins, the more
    precise before the more general."""
    _name = 'kam.dispatch.rule'
    _description = "Work Order Dispatch Rule"
    _inherit = ['mail.thread']
    _order = 'sequence, id'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        required=True, translate=True, tracking=True,
        help="What the rule dispatches, e.g. Hangzhou installs to the Hangzhou branch.")
    sequence = fields.Integer(
        default=10, help="Rules are tried in this order; the first that matches dispatches.")
    active = fields.Boolean(
        default=True, tracking=True,
        help="Archived rules no longer dispatch; the orders they dispatched keep their team.")
    company_id = fields.Many2one(
        'res.company', index=True, default=lambda self: self.env.company,
        help="Company whose work orders the rule dispatches; empty for every company.")
    type_id = fields.Many2one(
        'kam.service.request.type', "Work Order Type", index='btree_not_null', tracking=True,
        help="Work orders of this type only; empty for every type.")
    region_id = fields.Many2one(
        'kam.region', index='btree_not_null', tracking=True,
        help="Work orders of the accounts of this region or of the regions below it (the "
             "city and its districts); empty for every region.")
    service_category_id = fields.Many2one(
        'kam.service.category', index='btree_not_null', tracking=True,
        help="Work orders with a line about a service of this category; empty for any.")
    department_id = fields.Many2one(
        'hr.department', required=True, index=True, tracking=True,
        check_company=True,
        help="The city branch's team or department that takes the work orders.")
    user_ids = fields.Many2many(
        'res.users', 'kam_dispatch_rule_user_rel', 'rule_id', 'user_id', "Assignees",
        domain=[('share', '=', False)],
        help="Employees the work orders are shared between; empty: the department's members "
             "with a user.")
    assign_method = fields.Selection([
        ('round_robin', "Round-robin"),
        ('least_loaded', "Least loaded"),
    ], "Assignment", required=True, default='round_robin', tracking=True,
        help="Round-robin: each in turn. Least loaded: whoever has the fewest open work "
             "orders (submitted, accepted or in progress).")
    last_user_id = fields.Many2one(
        'res.users', "Last Assignee", readonly=True, copy=False,
        help="Who got the last work order of the rule; round-robin goes on from the next.")
    request_count = fields.Integer(
        "Work Orders", compute='_compute_request_count',
        help="Work orders this rule dispatched that you can see.")

    # ------------------------------------------------------------
    # Compute and constraints
    # ------------------------------------------------------------

    def _compute_request_count(self):
        counts = dict(self.env['kam.service.request']._read_group(
            [('kam_dispatch_rule_id', 'in', self.ids)], ['kam_dispatch_rule_id'], ['__count']))
        for rule in self:
            rule.request_count = counts.get(rule, 0)

    @api.constrains('department_id', 'user_ids', 'active')
    def _check_targets(self):
        for rule in self.filtered('active'):
            rule._kam_check_targets()

    def write(self, vals):
        res = super().write(vals)
        # whatever is changed, an active rule never keeps pointing nowhere
        if set(vals) - {'last_user_id'}:
            self._check_targets()
        return res

    def _kam_check_targets(self):
        """Refuse a rule sending work to an archived department or an
        archived user: it would dispatch into nowhere."""
        self.ensure_one()
        # archived users are still the rule's: read them too
        target = self.sudo().with_context(active_test=False)
        if not target.department_id.active:
            raise ValidationError(self.env._(
                "The dispatch rule %s points at an archived department: choose an active "
                "one or archive the rule.", self.name))
        if target.user_ids.filtered(lambda user: not user.active):
            raise ValidationError(self.env._(
                "The dispatch rule %s names an archived user among its assignees: remove "
                "him or archive the rule.", self.name))

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    @api.model
    def _kam_find(self, request, rules=None):
        """The rule dispatching ``request``: the first by sequence among
        ``rules`` (default: the active rules) whose company, type, region and
        service category match, the most precise first at equal sequence."""
        if rules is None:
            rules = self.sudo().search([])
        request_sudo = request.sudo()
        region = request_sudo.kam_account_region_id
        categories = request_sudo.line_ids.product_id.product_tmpl_id.kam_service_category_id
        matching = rules.filtered(lambda rule: (
            rule.company_id in (request_sudo.company_id, rule.company_id.browse())
            and (not rule.type_id or rule.type_id == request_sudo.type_id)
            and (not rule.service_category_id or rule.service_category_id in categories)
            and (not rule.region_id or (
                region and region.parent_path.startswith(rule.region_id.parent_path)))))
        return matching.sorted(lambda rule: (
            rule.sequence, -len(rule.type_id) - len(rule.region_id)
            - len(rule.service_category_id)))[:1]

    def _kam_pool(self):
        self.ensure_one()
        users = self.user_ids or self.department_id.member_ids.user_id
        return users.filtered(lambda user: user.active and not user.share).sorted('id')

    def _kam_pick_user(self):
        """The assignee of the next work order of the rule."""
        self.ensure_one()
        pool = self._kam_pool()
        if not pool:
            return pool
        if self.assign_method == 'least_loaded':
            loads = dict(self.env['kam.service.request'].sudo()._read_group(
                [('user_id', 'in', pool.ids), ('state', 'in', OPEN_STATES)],
                ['user_id'], ['__count']))
            return min(pool, key=lambda user: (loads.get(user, 0), user.id))
        following = pool.filtered(lambda user: user.id > self.last_user_id.id)
        return following[:1] or pool[:1]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_requests(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Dispatched Work Orders"),
            'res_model': 'kam.service.request',
            'view_mode': 'list,form',
            'domain': [('kam_dispatch_rule_id', '=', self.id)],
        }
