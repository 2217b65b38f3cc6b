from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..models.kam_target import KPIS, LEVEL_RANK, LEVEL_SELECTION, LEVEL_UNIT, share_out


class KamTargetSplitWizard(models.TransientModel):
    """Split a target one level down: the province's to its regions, a
    region's to its teams (or straight to its managers when it has no
    team), a team's to its members. Each part gets a share of the whole by
    last year's KPI of the unit, by the key accounts it holds, or equally
    to be changed by hand; for KPIs that add up the parts must add up to
    the whole, rates are handed down as they are."""
    _name = 'kam.target.split.wizard'
    _description = "Split a Key Account Target"

    target_id = fields.Many2one(
        'kam.target', required=True, readonly=True, ondelete='cascade',
        help="The target to split into parts one level down.")
    child_level = fields.Selection(
        LEVEL_SELECTION[1:], string="Split To", compute='_compute_child_level', store=True,
        readonly=False, required=True, precompute=True,
        help="The level of the parts: regions, teams or account managers below the target's unit.")
    basis = fields.Selection(
        [('last_year', "Last year's share"), ('accounts', "Key accounts held"),
         ('manual', "By hand")], string="Split By", required=True, default='last_year',
        help="Last year's share: in proportion to each unit's KPI over the same period a year "
             "earlier. Key accounts held: in proportion to the active key accounts of each "
             "unit. By hand: equal parts to change in the lines.")
    line_ids = fields.One2many(
        'kam.target.split.wizard.line', 'wizard_id', "Parts",
        compute='_compute_line_ids', store=True, readonly=False,
        help="One line per part: change the values as needed before splitting.")
    target_value = fields.Float(related='target_id.target_value', string="Whole")
    parts_total = fields.Float(compute='_compute_parts_total', digits=(16, 2),
                               help="The sum of the parts' values.")
    aggregation = fields.Selection(related='target_id.aggregation')

    @api.depends('target_id')
    def _compute_child_level(self):
        for wizard in self:
            rank = LEVEL_RANK.get(wizard.target_id.level, 0)
            levels = [level for level, _l in LEVEL_SELECTION if LEVEL_RANK[level] > rank]
            wizard.child_level = next(
                (level for level in levels if wizard._kam_candidates(level)), levels[:1] or False) \
                if levels else False

    @api.depends('child_level', 'basis')
    def _compute_line_ids(self):
        for wizard in self:
            units = wizard._kam_candidates(wizard.child_level) if wizard.child_level else []
            weights = wizard._kam_weights(units) if units else {}
            values = wizard._kam_shares(units, weights)
            unit_field = LEVEL_UNIT.get(wizard.child_level)
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create({unit_field: unit.id, 'basis_value': weights.get(unit, 0.0),
                                       'target_value': values[unit]})
                for unit in units]

    @api.depends('line_ids.target_value')
    def _compute_parts_total(self):
        for wizard in self:
            wizard.parts_total = sum(wizard.line_ids.mapped('target_value'))

    # ------------------------------------------------------------
    # Units and weights
    # ------------------------------------------------------------

    def _kam_candidates(self, level):
        """The units one level below the target's, as a recordset."""
        target = self.target_id.sudo()
        if not target or LEVEL_RANK[level] <= target.level_rank:
            return []
        company = target.company_id
        if level == 'region':
            return self.env['kam.region'].sudo().search(
                [('level', '=', 'city'), ('company_id', 'in', [False, company.id])])
        users = self._kam_users_of(target)
        if level == 'team':
            Team = self.env['crm.team'].sudo()
            return Team.search([('company_id', 'in', [False, company.id])]) if users is None \
                else Team.search(['|', ('member_ids', 'in', list(users)), ('user_id', 'in', list(users))])
        Users = self.env['res.users'].sudo()
        if users is None:
            return Users.search([('share', '=', False), ('company_ids', 'in', company.id),
                                 ('group_ids', 'in', self.env.ref(
                                     'key_account_management.group_kam_user').ids)])
        return Users.browse(sorted(users)).filtered('active')

    def _kam_users_of(self, target):
        return target._kam_unit_users()[target.id]

    def _kam_weights(self, units):
        """``{unit: weight}`` by the chosen basis (empty by hand)."""
        target = self.target_id.sudo()
        if self.basis == 'manual' or target.aggregation != 'sum':
            return {}
        level = self.child_level
        if self.basis == 'accounts':
            return self._kam_account_weights(units, level)
        measure = KPIS[target.kpi][0]
        rows = self.env['kam.kpi.snapshot'].sudo()._read_group(
            [('company_id', '=', target.company_id.id),
             ('month', '>=', target.date_start - relativedelta(years=1)),
             ('month', '<=', target.date_end - relativedelta(years=1))],
            ['user_id'], [f'{measure}:sum'])
        by_user = {user.id: value or 0.0 for user, value in rows}
        return {unit: sum(by_user.get(uid, 0.0) for uid in self._kam_unit_user_ids(unit, level))
                for unit in units}

    def _kam_account_weights(self, units, level):
        Partner = self.env['res.partner'].sudo()
        domain = [('kam_is_key_account', '=', True)]
        if level == 'region':
            rows = Partner._read_group(domain + [('kam_region_id', '!=', False)],
                                       ['kam_region_id'], ['__count'])
            return {unit: sum(count for region, count in rows
                              if region.parent_path.startswith(unit.parent_path))
                    for unit in units}
        counts = dict(Partner._read_group(domain, ['kam_manager_id'], ['__count']))
        by_user = {user.id: count for user, count in counts.items()}
        return {unit: sum(by_user.get(uid, 0) for uid in self._kam_unit_user_ids(unit, level))
                for unit in units}

    def _kam_unit_user_ids(self, unit, level):
        if level == 'user':
            return {unit.id}
        if level == 'team':
            return set((unit.member_ids | unit.user_id).ids)
        regions = self.env['kam.region'].sudo().with_context(active_test=False).search(
            [('id', 'child_of', unit.id)])
        return set(regions.user_ids.ids)

    def _kam_shares(self, units, weights):
        """``{unit: value}``: the whole shared by weight (equally without
        weights), in cents, the remainder on the largest part; rates are
        handed down unchanged."""
        whole = self.target_id.target_value
        if not units:
            return {}
        if self.target_id.aggregation != 'sum':
            return {unit: whole for unit in units}
        return share_out(whole, units, weights)

    # ------------------------------------------------------------
    # Action
    # ------------------------------------------------------------

    def action_split(self):
        """Create the parts; the target must not be split yet."""
        self.ensure_one()
        target = self.target_id
        target.check_access('write')
        if target.child_ids:
            raise UserError(self.env._(
                "%(target)s is already split: change its parts, or delete them and split it "
                "again.", target=target.display_name))
        lines = self.line_ids
        if not lines:
            raise UserError(self.env._("There is no unit to split this target to at this level."))
        if any(float_compare(line.target_value, 0, precision_digits=2) < 0 for line in lines):
            raise ValidationError(self.env._("A target cannot be negative."))
        unit_field = LEVEL_UNIT[self.child_level]
        if len(set(lines.mapped(unit_field))) != len(lines) or not all(lines.mapped(unit_field)):
            raise ValidationError(self.env._("Each part is for a different unit: one line per unit."))
        if target.aggregation == 'sum' and float_compare(
                sum(lines.mapped('target_value')), target.target_value, precision_digits=2):
            raise ValidationError(self.env._(
                "The parts add up to %(parts)s, not to the target's %(whole)s: change them so "
                "that they add up.", parts=f"{sum(lines.mapped('target_value')):,.2f}",
                whole=f"{target.target_value:,.2f}"))
        parts = self.env['kam.target'].create([{
            'kpi': target.kpi, 'level': self.child_level, 'period_type': target.period_type,
            'date_start': target.date_start, 'company_id': target.company_id.id,
            'parent_id': target.id, 'rebalance_mode': target.rebalance_mode,
            unit_field: line[unit_field].id, 'target_value': line.target_value,
        } for line in lines])
        target.message_post(body=self.env._(
            "Split into %(count)s parts (%(level)s).", count=len(parts),
            level=dict(self._fields['child_level']._description_selection(self.env))[self.child_level]))
        return target.action_view_parts()
