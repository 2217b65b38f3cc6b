from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_target import KPIS, PERIOD_MONTHS

# the shortest target period holding a month is the one scored
PERIOD_PRIORITY = {'month': 0, 'quarter': 1, 'year': 2}
SCORE_CAP = 120.0


class KamScorecard(models.Model):
    """An account manager's monthly scorecard: each weighted KPI (see
    ``kam.scorecard.kpi``) of the month against the month's share of his
    target (a month target, else a quarter's or a year's: a third or a
    twelfth of what adds up, the rate itself), scored up to 120 % and
    weighted into a score out of 120; ranked within his team and his
    region; an indicative incentive from the score's band. The
    department head signs the month off: the scorecard is then frozen."""
    _name = 'kam.scorecard'
    _description = "Account Manager Scorecard"
    _inherit = ['mail.thread']
    _order = 'month desc, score desc, id'
    _rec_name = 'user_id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    month = fields.Date(required=True, index=True, readonly=True,
                        help="First day of the month scored.")
    user_id = fields.Many2one('res.users', "Account Manager", required=True, index=True,
                              readonly=True, ondelete='cascade', help="The manager scored.")
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True,
                                 help="The company whose KPIs and targets are scored.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the incentive.")
    team_id = fields.Many2one('crm.team', "Sales Team", index=True, readonly=True,
                              help="The manager's sales team when the scorecard was computed.")
    region_id = fields.Many2one('kam.region', index=True, readonly=True,
                                help="The region the manager works in when the scorecard was computed.")
    line_ids = fields.One2many('kam.scorecard.line', 'scorecard_id', "KPIs", readonly=True,
                               help="Each KPI scored: target, achieved, rate and weighted points.")
    score = fields.Float(digits=(5, 1), readonly=True, aggregator='avg',
                         help="The weighted rates of the KPIs, each capped at 120 %.")
    rank_team = fields.Integer("Rank in Team", readonly=True, aggregator='min',
                               help="1 for the best score of the team this month.")
    rank_region = fields.Integer("Rank in Region", readonly=True, aggregator='min',
                                 help="1 for the best score of the region this month.")
    incentive = fields.Monetary("Indicative Incentive", readonly=True,
                                help="From the score by the incentive bands (Configuration).")
    state = fields.Selection([('draft', "To Sign Off"), ('signed', "Signed Off")], string="Status",
                             default='draft', required=True, readonly=True, tracking=True,
                             help="Signed off by the department head: frozen.")
    signed_by_id = fields.Many2one('res.users', "Signed Off By", readonly=True,
                                   help="The department head who signed the month off.")
    signed_on = fields.Datetime("Signed Off On", readonly=True, help="When it was signed off.")

    _user_month_uniq = models.Constraint(
        "UNIQUE(user_id, month, company_id)", "A manager has one scorecard per month and company.")

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_recompute(self):
        """Compute these scorecards again (refused once signed off)."""
        self.check_access('read')
        if not self.env.user.has_group('key_account_management.group_kam_manager'):
            raise UserError(self.env._("Only the department head computes scorecards again."))
        if self.filtered(lambda card: card.state == 'signed'):
            raise UserError(self.env._(
                "A signed-off scorecard is frozen: it cannot be computed again."))
        for (month, company), cards in self.grouped(lambda c: (c.month, c.company_id)).items():
            self.sudo()._kam_build(month, cards.user_id, company)
            self.sudo()._kam_rank(month, company)
        return True

    def action_sign_off(self):
        """The department head signs the month off: frozen from now on."""
        self.check_access('read')
        if not self.env.user.has_group('key_account_management.group_kam_manager'):
            raise UserError(self.env._("Only the department head signs scorecards off."))
        if self.filtered(lambda card: card.state == 'signed'):
            raise UserError(self.env._("This scorecard is already signed off."))
        if self.filtered(lambda card: card.user_id == self.env.user):
            raise UserError(self.env._("Nobody signs his own scorecard off."))
        self.sudo().write({'state': 'signed', 'signed_by_id': self.env.uid,
                           'signed_on': fields.Datetime.now()})
        return True

    # ------------------------------------------------------------
    # Computing
    # ------------------------------------------------------------

    @api.model
    def _kam_build(self, month, users, company):
        """Create or replace the draft scorecards of ``users`` for
        ``month`` in a constant number of queries; signed-off ones stay."""
        month = fields.Date.to_date(month).replace(day=1)
        weights = {kpi.kpi: kpi.weight for kpi in self.env['kam.scorecard.kpi'].search([])}
        targets = self.env['kam.target'].search(
            [('level', '=', 'user'), ('user_id', 'in', users.ids), ('company_id', '=', company.id),
             ('kpi', 'in', list(weights)), ('date_start', '<=', month), ('date_end', '>=', month)])
        target_of = {}
        for target in targets.sorted(lambda t: PERIOD_PRIORITY[t.period_type], reverse=True):
            target_of[target.user_id.id, target.kpi] = target
        measures = sorted({KPIS[kpi][0] for kpi in weights})
        rows = self.env['kam.kpi.snapshot']._read_group(
            [('month', '=', month), ('company_id', '=', company.id), ('user_id', 'in', users.ids)],
            ['user_id'], [f'{m}:sum' for m in measures] + [f'{m}:count' for m in measures])
        figures = {user.id: {m: (values[i], values[len(measures) + i]) for i, m in enumerate(measures)}
                   for user, *values in rows}
        existing = self.search([('month', '=', month), ('company_id', '=', company.id),
                                ('user_id', 'in', users.ids)])
        frozen = existing.filtered(lambda c: c.state == 'signed').user_id
        existing.filtered(lambda c: c.state == 'draft').line_ids.unlink()
        card_of = {card.user_id.id: card for card in existing}
        teams = self._kam_user_teams(users)
        bands = self.env['kam.incentive.band'].search([('company_id', '=', company.id)])
        new_cards, line_values, updates = [], [], {}
        for user in users - frozen:
            lines = []
            for kpi, weight in weights.items():
                target = target_of.get((user.id, kpi))
                if not target:
                    continue
                measure, how = KPIS[kpi]
                value, count = figures.get(user.id, {}).get(measure, (0.0, 0))
                achieved = (value or 0.0) if how == 'sum' else ((value or 0.0) / count if count else 0.0)
                goal = target.target_value / PERIOD_MONTHS[target.period_type] if how == 'sum' \
                    else target.target_value
                rate = 100.0 * achieved / goal if goal else (100.0 if achieved >= 0 else 0.0)
                lines.append({'kpi': kpi, 'weight': weight, 'target_value': goal, 'achieved': achieved,
                              'rate': rate, 'target_id': target.id})
            total_weight = sum(line['weight'] for line in lines)
            for line in lines:
                line['points'] = min(line['rate'], SCORE_CAP) * line['weight'] / total_weight
            score = sum(line['points'] for line in lines)
            band = bands.filtered(lambda b, s=score: b.min_score <= s + 1e-9)[:1]
            vals = {'score': score, 'incentive': band.incentive,
                    'team_id': teams.get(user.id, False),
                    'region_id': user.sudo().kam_region_ids[:1].id}
            if user.id in card_of:
                card_of[user.id].write(vals)
                updates[user.id] = lines
            else:
                new_cards.append(dict(vals, month=month, user_id=user.id, company_id=company.id))
                updates[user.id] = lines
        card_of.update({card.user_id.id: card for card in self.create(new_cards)})
        for user_id, lines in updates.items():
            line_values += [dict(line, scorecard_id=card_of[user_id].id) for line in lines]
        self.env['kam.scorecard.line'].create(line_values)
        return self.browse([card.id for card in card_of.values()])

    def _kam_user_teams(self, users):
        """``{user id: team id}``: the first sales team each user leads or is a member of."""
        members = self.env['crm.team.member'].sudo().search_fetch(
            [('user_id', 'in', users.ids)], ['user_id', 'crm_team_id'], order='id')
        teams = {}
        for member in members:
            teams.setdefault(member.user_id.id, member.crm_team_id.id)
        for team in self.env['crm.team'].sudo().search_fetch([('user_id', 'in', users.ids)], ['user_id']):
            teams.setdefault(team.user_id.id, team.id)
        return teams

    @api.model
    def _kam_rank(self, month, company):
        """Rank the month's scorecards within each team and each region."""
        cards = self.search_fetch([('month', '=', month), ('company_id', '=', company.id)],
                                  ['score', 'team_id', 'region_id', 'state'])
        for fname, key in (('rank_team', 'team_id'), ('rank_region', 'region_id')):
            groups = defaultdict(list)
            for card in cards:
                groups[card[key].id].append(card)
            for group_key, members in groups.items():
                members.sort(key=lambda c: (-c.score, c.id))
                for position, card in enumerate(members, start=1):
                    value = position if group_key else 0
                    if card[fname] != value and card.state == 'draft':
                        card[fname] = value
        return True

    @api.model
    def _cron_kam_scorecards(self, batch_size=200):
        """On the 1st: the scorecards of the month that ended, for every
        manager with a KPI row or a target in it, ``batch_size`` managers at
        a time. A manager's scorecard is built once: a rerun after a crash
        or a second run goes on with the managers left, then ranks them."""
        month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        cron = self.env['ir.cron']
        for company in self.env['res.company'].search([]):
            scope = self._kam_scored_users(month, company)
            while True:
                done = {user.id for user, in self._read_group(
                    [('month', '=', month), ('company_id', '=', company.id)], ['user_id'])}
                todo = [uid for uid in scope if uid not in done]
                if not todo:
                    break
                chunk = self.env['res.users'].browse(todo[:batch_size])
                self._kam_build(month, chunk, company)
                remaining = len(todo) - len(chunk)
                if not cron._commit_progress(len(chunk), remaining=remaining) and remaining:
                    return False
            self._kam_rank(month, company)
        return True

    @api.model
    def _kam_build_month(self, month, company_id):
        """Build and rank the scorecards of ``month`` for every manager
        scored in it, at once (the monthly job does it in chunks)."""
        month = fields.Date.to_date(month).replace(day=1)
        company = self.env['res.company'].browse(company_id)
        users = self.env['res.users'].browse(self._kam_scored_users(month, company))
        cards = self._kam_build(month, users, company)
        self._kam_rank(month, company)
        return cards

    @api.model
    def _kam_scored_users(self, month, company):
        """Ids of the managers scored for ``month``: those with a KPI row or
        a manager's target running in it."""
        rows = self.env['kam.kpi.snapshot']._read_group(
            [('month', '=', month), ('company_id', '=', company.id), ('user_id', '!=', False)],
            ['user_id'])
        targets = self.env['kam.target']._read_group(
            [('level', '=', 'user'), ('company_id', '=', company.id),
             ('date_start', '<=', month), ('date_end', '>=', month)], ['user_id'])
        return sorted({user.id for user, in rows} | {user.id for user, in targets})
