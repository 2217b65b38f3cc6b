from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round

# the KPI snapshot measure each target KPI is read from, and how a period
# and a group of managers add it up: 'sum' (revenue, new accounts: the
# parts of a target add up to it) or 'avg' (rates: each part carries a rate)
KPIS = {
    'revenue': ('revenue', 'sum'),
    'billed_revenue': ('billed_revenue', 'sum'),
    'ict_revenue': ('ict_revenue', 'sum'),
    'accounts_new': ('accounts_new', 'sum'),
    'retention_rate': ('retention_rate', 'avg'),
    'satisfaction': ('satisfaction', 'avg'),
    'member_coverage': ('member_coverage', 'avg'),
    'stability_rate': ('stability_rate', 'avg'),
    'archive_completeness': ('archive_completeness', 'avg'),
}
KPI_SELECTION = [
    ('revenue', "Revenue"),
    ('billed_revenue', "Billed Revenue"),
    ('ict_revenue', "ICT Revenue"),
    ('accounts_new', "New Key Accounts"),
    ('retention_rate', "Retention Rate (%)"),
    ('satisfaction', "Satisfaction (1-5)"),
    ('member_coverage', "Member Coverage (%)"),
    ('stability_rate', "Stability Rate (%)"),
    ('archive_completeness', "Filing Rate (%)"),
]
LEVEL_SELECTION = [('company', "Province"), ('region', "Region"), ('team', "Sales Team"),
                   ('user', "Account Manager")]
LEVEL_UNIT = {'company': 'company_id', 'region': 'region_id', 'team': 'team_id', 'user': 'user_id'}
LEVEL_RANK = {level: rank for rank, (level, _label) in enumerate(LEVEL_SELECTION)}
PERIOD_MONTHS = {'month': 1, 'quarter': 3, 'year': 12}


def share_out(total, parts, weights):
    """``{part: value}``: ``total`` shared among ``parts`` in proportion to
    ``weights`` (``{part: weight}``; equally when they are all zero), in
    cents, the rounding remainder on the largest part."""
    weight_sum = sum(weights.get(part, 0.0) for part in parts)
    values = {part: float_round(
        total * (weights.get(part, 0.0) / weight_sum if weight_sum else 1 / len(parts)),
        precision_digits=2) for part in parts}
    largest = max(parts, key=lambda p: (values[p], -p.id))
    values[largest] = float_round(total - sum(v for p, v in values.items() if p != largest),
                                  precision_digits=2)
    return values


def period_start(day, period_type):
    """The first day of the month, quarter or year holding ``day``."""
    if period_type == 'year':
        return day.replace(month=1, day=1)
    if period_type == 'quarter':
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


class KamTarget(models.Model):
    """A target for one KPI over one period (month, quarter, year) at one
    level of the organisation: the provincial company, a region (city
    branch), a sales team or an account manager.

    A target is split one level down by the split wizard into parts
    (``child_ids``). For KPIs that add up (revenue, new key accounts) the
    parts always add up to their whole: a changed part re-balances its
    siblings in proportion, or is refused, as the whole's *Changed Parts*
    says; a changed whole re-scales its parts the same way. Rates are not
    split: each part carries its own rate.

    Achievement is read from the monthly KPI snapshots of the managers of
    the unit (see ``kam_target_achievement.py``)."""
    _name = 'kam.target'
    _description = "Key Account Target"
    _inherit = ['mail.thread']
    _order = 'date_start desc, kpi, level_rank, id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kpi = fields.Selection(
        KPI_SELECTION, string="KPI", required=True, default='revenue', tracking=True,
        help="The measure of the monthly KPI snapshots the target is for. Revenue and new "
             "key accounts add up over months and managers; rates are averaged.")
    level = fields.Selection(
        LEVEL_SELECTION, string="Organisation Level", required=True, default='company',
        help="Whose target it is: the provincial company, a region, a sales team or an "
             "account manager.")
    level_rank = fields.Integer(
        compute='_compute_level_rank', store=True,
        help="0 for the province down to 3 for an account manager.")
    period_type = fields.Selection(
        [('month', "Month"), ('quarter', "Quarter"), ('year', "Year")], required=True, default='year',
        help="The length of the period; it starts on the first day of the month, quarter "
             "or year holding the start date.")
    date_start = fields.Date(
        "Start", required=True, default=lambda self: fields.Date.context_today(self).replace(
            month=1, day=1), tracking=True,
        help="Any day of the period: it is moved to the period's first day.")
    date_end = fields.Date(
        "End", compute='_compute_date_end', store=True,
        help="Last day of the period.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env.company,
        help="The provincial company; at the province level it is the target's unit.")
    region_id = fields.Many2one(
        'kam.region', index=True, ondelete='restrict',
        compute='_compute_region_id', store=True, readonly=False, precompute=True, recursive=True,
        help="The region of the target: its unit at the region level; below it, the "
             "region of the whole it was split from (or the manager's region). The heads "
             "of the region and of the regions above it see the target.")
    team_id = fields.Many2one(
        'crm.team', "Sales Team", index=True, ondelete='restrict',
        help="The sales team at the team level: its leader and members are its managers.")
    user_id = fields.Many2one(
        'res.users', "Account Manager", index=True, ondelete='restrict',
        domain=[('share', '=', False)],
        help="The account manager at the account manager level.")
    unit_name = fields.Char(
        "Unit", compute='_compute_unit_name',
        help="The company, region, team or manager the target is set for.")
    target_value = fields.Float(
        "Target", required=True, digits=(16, 2), tracking=True,
        help="The value to reach over the period: the revenue (sum of the months), the new "
             "key accounts, or the rate or satisfaction to hold on average.")
    aggregation = fields.Selection(
        [('sum', "Adds up"), ('avg', "Averaged")], compute='_compute_aggregation',
        help="Adds up: the parts of a split add up to their whole. Averaged: each part "
             "carries a rate of its own.")
    parent_id = fields.Many2one(
        'kam.target', "Split From", index=True, ondelete='restrict', readonly=True,
        help="The target one level up this one is a part of.")
    child_ids = fields.One2many(
        'kam.target', 'parent_id', "Parts",
        help="The parts one level down; for KPIs that add up they add up to this target.")
    rebalance_mode = fields.Selection(
        [('rebalance', "Re-balance the other parts"), ('refuse', "Refuse the change")],
        string="Changed Parts", required=True, default='rebalance',
        help="When one part of this target changes: the other parts absorb the difference "
             "in proportion to their values, or the change is refused. When this target "
             "changes, its parts are re-scaled, or the change is refused.")
    notes = fields.Text(help="How the target was set, for the people it is split to.")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends('level')
    def _compute_level_rank(self):
        for target in self:
            target.level_rank = LEVEL_RANK.get(target.level, 0)

    @api.depends('date_start', 'period_type')
    def _compute_date_end(self):
        for target in self:
            target.date_end = target.date_start and (
                target.date_start + relativedelta(months=PERIOD_MONTHS[target.period_type], days=-1))

    @api.depends('level', 'parent_id.region_id', 'user_id')
    def _compute_region_id(self):
        for target in self:
            if target.level == 'company':
                target.region_id = False
            elif target.level == 'region':
                target.region_id = target.region_id
            else:
                target.region_id = target.parent_id.region_id or (
                    target.user_id.sudo().kam_region_ids[:1] if target.level == 'user' else False)

    @api.depends('kpi')
    def _compute_aggregation(self):
        for target in self:
            target.aggregation = KPIS[target.kpi][1] if target.kpi else 'sum'

    @api.depends('level', 'company_id', 'region_id', 'team_id', 'user_id')
    def _compute_unit_name(self):
        for target in self:
            target.unit_name = target.level and target.sudo()[LEVEL_UNIT[target.level]].display_name

    @api.depends('kpi', 'date_start', 'period_type', 'unit_name')
    def _compute_display_name(self):
        kpis = dict(self._fields['kpi']._description_selection(self.env))
        for target in self:
            target.display_name = " · ".join(filter(None, (
                kpis.get(target.kpi), target._kam_period_label(), target.unit_name)))

    def _kam_period_label(self):
        start = self.date_start
        if not start:
            return ''
        if self.period_type == 'year':
            return str(start.year)
        if self.period_type == 'quarter':
            return f"{start.year} Q{(start.month - 1) // 3 + 1}"
        return f"{start.year}-{start.month:02d}"

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('level', 'region_id', 'team_id', 'user_id')
    def _check_unit(self):
        for target in self:
            if target.level != 'company' and not target[LEVEL_UNIT[target.level]]:
                raise ValidationError(self.env._(
                    "Choose the region, team or account manager the target is set for."))

    @api.constrains('kpi', 'target_value')
    def _check_value(self):
        for target in self:
            if target.target_value < 0:
                raise ValidationError(self.env._("A target cannot be negative."))
            ceiling = 5 if target.kpi == 'satisfaction' else 100
            if KPIS[target.kpi][1] == 'avg' and target.target_value > ceiling:
                raise ValidationError(self.env._(
                    "A rate target lies between 0 and 100 %, a satisfaction target between 0 and 5."))

    @api.constrains('parent_id', 'kpi', 'date_start', 'period_type', 'level')
    def _check_parent(self):
        for target in self.filtered(lambda t: t.parent_id):
            parent = target.parent_id
            if (parent.kpi, parent.date_start, parent.period_type) != (
                    target.kpi, target.date_start, target.period_type) \
                    or parent.level_rank >= target.level_rank:
                raise ValidationError(self.env._(
                    "A part has the KPI and the period of the target it is split from, one "
                    "level down."))

    @api.constrains('kpi', 'level', 'company_id', 'region_id', 'team_id', 'user_id',
                    'date_start', 'period_type')
    def _check_overlap(self):
        """One target per unit, KPI and kind of period at a time: a year
        target may sit beside month targets, not beside another year's."""
        if not self:
            return
        others = self.sudo().search([
            ('kpi', 'in', list(set(self.mapped('kpi')))),
            ('date_start', '<=', max(self.mapped('date_end'))),
            ('date_end', '>=', min(self.mapped('date_start')))])
        for target in self:
            key = target._kam_unit_key()
            for other in others:
                if other != target and other._kam_unit_key() == key \
                        and other.date_start <= target.date_end \
                        and other.date_end >= target.date_start:
                    raise ValidationError(self.env._(
                        "The %(kpi)s target of %(unit)s overlaps another one for the same "
                        "kind of period: change its period or the other target.",
                        kpi=dict(self._fields['kpi']._description_selection(self.env))[target.kpi],
                        unit=target.unit_name))

    def _kam_unit_key(self):
        return (self.kpi, self.period_type, self.level, self.company_id.id,
                self.sudo()[LEVEL_UNIT[self.level]].id)

    def _kam_check_parts(self):
        """Parts of a KPI that adds up add up to their whole."""
        for whole in self.filtered(lambda t: t.child_ids and t.aggregation == 'sum'):
            parts = sum(whole.child_ids.mapped('target_value'))
            if float_compare(parts, whole.target_value, precision_digits=2):
                raise ValidationError(self.env._(
                    "The parts of %(target)s add up to %(parts)s, not to its %(whole)s: "
                    "change them so that they add up.",
                    target=whole.display_name, parts=f"{parts:,.2f}",
                    whole=f"{whole.target_value:,.2f}"))

    def _kam_check_not_own(self):
        """Nobody sets his own target: a manager's, the target of a region
        he heads or of a team he leads."""
        if self.env.su:
            return
        user = self.env.user
        for target in self.sudo():
            if (target.level == 'user' and target.user_id == user) \
                    or (target.level == 'region' and user in target.region_id.head_user_ids) \
                    or (target.level == 'team' and target.team_id.user_id == user):
                raise AccessError(self.env._("Nobody sets or changes his own target."))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_normalise_period(vals)
        targets = super().create(vals_list)
        targets._kam_check_not_own()
        (targets.parent_id | targets)._kam_check_parts()
        return targets

    def write(self, vals):
        vals = dict(vals)
        if 'date_start' in vals or 'period_type' in vals:
            if self.child_ids or self.parent_id:
                raise UserError(self.env._(
                    "The period of a split target is that of its whole: delete the parts "
                    "and split it again."))
            for target in self:
                target._kam_normalise_period(vals, target.period_type)
        self._kam_check_not_own()
        if 'target_value' in vals and not self.env.context.get('kam_target_rebalancing'):
            return self._kam_write_value(vals)
        wholes = self.parent_id
        res = super().write(vals)
        self._kam_check_not_own()
        if 'parent_id' in vals:
            (wholes | self.parent_id)._kam_check_parts()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_own_or_parts(self):
        self._kam_check_not_own()
        if self.child_ids - self:
            raise UserError(self.env._("Delete the parts of a target before the target."))
        wholes = self.parent_id - self
        partial = wholes.filtered(lambda w: w.child_ids - self)
        if partial.filtered(lambda w: w.aggregation == 'sum'):
            raise UserError(self.env._(
                "A part cannot be deleted alone: its whole would be left with a gap. Delete "
                "all the parts of the target together, or change their values."))

    def _kam_normalise_period(self, vals, period_type=None):
        if vals.get('date_start'):
            vals['date_start'] = period_start(
                fields.Date.to_date(vals['date_start']),
                vals.get('period_type') or period_type or 'year')

    # ------------------------------------------------------------
    # Re-balancing
    # ------------------------------------------------------------

    def _kam_write_value(self, vals):
        """Write a new target value; the other parts of the same whole (or
        the parts of a changed whole) follow, or the change is refused."""
        value = vals['target_value']
        if value < 0:
            raise ValidationError(self.env._("A target cannot be negative."))
        for target in self:
            changed = float_compare(value, target.target_value, precision_digits=2)
            whole = target.parent_id
            siblings = {}
            if target.aggregation == 'sum' and whole and changed:
                if whole.rebalance_mode == 'refuse':
                    raise UserError(self.env._(
                        "The parts of %(target)s must add up to it: change its parts "
                        "together with the split wizard, or let changed parts re-balance.",
                        target=whole.display_name))
                siblings = self._kam_spread(whole.child_ids - target, whole.target_value - value)
            if target.aggregation == 'sum' and target.child_ids and changed \
                    and target.rebalance_mode == 'refuse':
                raise UserError(self.env._(
                    "%(target)s is split into parts: its value changes with its parts "
                    "(split it again), or let it re-scale them.", target=target.display_name))
            # the plain write of one target, from write() through its re-balancing
            super(KamTarget, target.with_context(  # pylint: disable=super-method-mismatch
                kam_target_rebalancing=True)).write(vals)
            target._kam_rescale_parts()
            for part, part_value in siblings.items():
                part._kam_set_value(part_value)
            (target.parent_id | target)._kam_check_parts()
        return True

    def _kam_set_value(self, value):
        """Set the value of a part the re-balancing moved, and re-scale its
        own parts down the levels."""
        self.with_context(kam_target_rebalancing=True).write({'target_value': value})
        self._kam_rescale_parts()

    def _kam_rescale_parts(self):
        if self.aggregation == 'sum' and self.child_ids and float_compare(
                sum(self.child_ids.mapped('target_value')), self.target_value, precision_digits=2):
            for part, part_value in self._kam_spread(self.child_ids, self.target_value).items():
                part._kam_set_value(part_value)

    def _kam_spread(self, parts, total):
        """``{part: value}``: ``total`` shared among ``parts`` in proportion
        to their current values (equally when all are zero), rounded to
        cents with the remainder on the largest part. Refused when the parts
        cannot absorb it (no other part, or a negative total)."""
        if not parts or float_compare(total, 0, precision_digits=2) < 0:
            raise UserError(self.env._(
                "The other parts cannot absorb this change: the parts would no longer add "
                "up to their whole. Change the whole or split it again."))
        return share_out(total, parts, {part: part.target_value for part in parts})

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_split(self):
        """Open the split wizard on this target."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Split Target"),
            'res_model': 'kam.target.split.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_target_id': self.id},
        }

    def action_view_parts(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Parts"),
            'res_model': 'kam.target',
            'view_mode': 'list,form',
            'domain': [('parent_id', '=', self.id)],
            'context': {'create': False},
        }
