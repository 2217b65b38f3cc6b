from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import KAM_USER

BUYING_ROLES = [
    ('decision_maker', "Decision Maker"),
    ('influencer', "Influencer"),
    ('user', "End User"),
    ('gatekeeper', "Gatekeeper"),
    ('blocker', "Blocker"),
]

ATTITUDES = [
    ('champion', "Champion"),
    ('supporter', "Supporter"),
    ('neutral', "Neutral"),
    ('sceptic', "Sceptic"),
    ('opponent', "Opponent"),
]


class ResPartner(models.Model):
    """Decision map: the buying role, attitude and reporting lines of an account's contacts."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields: decision map (contact persons of an account)
    # ------------------------------------------------------------

    kam_buying_role = fields.Selection(
        BUYING_ROLES, "Buying Role", tracking=True, group_expand=True, copy=False,
        groups=KAM_USER,
        help="The contact's part in the customer's buying decisions, as the account team "
             "sees it. Internal: never shown to the customer.")
    kam_attitude = fields.Selection(
        ATTITUDES, "Attitude", tracking=True, copy=False, groups=KAM_USER,
        help="How the contact stands towards us, from champion to opponent, as the "
             "account team sees it. Internal: never shown to the customer.")
    kam_influence = fields.Integer(
        "Influence", aggregator='max', copy=False, groups=KAM_USER,
        help="From 1 (little) to 5 (decisive): weight of the contact in the decision.")
    kam_reports_to_id = fields.Many2one(
        'res.partner', "Reports To", index='btree_not_null', tracking=True, copy=False,
        groups=KAM_USER,
        domain="[('is_company', '=', False), ('kam_group_id', '=', kam_group_id), ('id', '!=', id)]",
        help="The contact's boss in the customer's organisation, a contact of the same "
             "group; draws the org chart.")
    kam_report_ids = fields.One2many(
        'res.partner', 'kam_reports_to_id', "Direct Reports", copy=False, groups=KAM_USER,
        help="Contacts who report to this one.")
    kam_last_contact_date = fields.Date(
        "Last Contact", copy=False, groups=KAM_USER,
        help="Last day someone of the account team spoke with the contact.")
    kam_contact_count = fields.Integer(
        "Decision Map", compute='_compute_kam_decision_map', groups=KAM_USER,
        help="Contact persons of the company in its decision map.")
    kam_decision_warning = fields.Char(
        "Decision Map Warning", compute='_compute_kam_decision_map', groups=KAM_USER,
        help="Shown when the tier requires a decision map and no decision maker or no "
             "champion is known.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('child_ids.kam_buying_role', 'child_ids.kam_attitude', 'kam_tier_id', 'kam_group_id')
    def _compute_kam_decision_map(self):
        accounts = self.filtered(lambda p: p.is_company and p._origin)
        own = defaultdict(lambda: {'count': 0, 'roles': set(), 'attitudes': set()})
        group = defaultdict(lambda: {'count': 0, 'roles': set(), 'attitudes': set()})
        if accounts:
            # One grouped read over the contacts of the groups involved: an
            # account's own contacts, and for a subsidiary those of its whole
            # group (the decision is often taken at the group's HQ).
            for account, group_customer, role, attitude, count in self.env['res.partner']._read_group(
                    [('kam_group_id', 'in', accounts.kam_group_id.ids), ('is_company', '=', False)],
                    ['parent_id', 'kam_group_id', 'kam_buying_role', 'kam_attitude'], ['__count']):
                stat = own[account.id]
                stat['count'] += count
                stat['roles'].add(role)
                stat['attitudes'].add(attitude)
                group[group_customer.id]['count'] += count
                group[group_customer.id]['roles'].add(role)
                group[group_customer.id]['attitudes'].add(attitude)
        for partner in self:
            stat = own[partner._origin.id]
            # what the Decision Map button opens: the contacts of the whole group
            partner.kam_contact_count = group[partner.kam_group_id.id]['count'] if partner.kam_group_id else 0
            known = group[partner.kam_group_id.id] if partner.kam_group_depth else stat
            no_decision_maker = 'decision_maker' not in known['roles']
            no_champion = 'champion' not in known['attitudes']
            warning = False
            if partner.is_company and partner.kam_tier_id.decision_map_required:
                tier = partner.kam_tier_id.display_name
                if no_decision_maker and no_champion:
                    warning = self.env._(
                        "%(tier)s account: the decision map shows neither a decision maker "
                        "nor a champion yet.", tier=tier)
                elif no_decision_maker:
                    warning = self.env._(
                        "%(tier)s account: the decision map shows no decision maker yet.", tier=tier)
                elif no_champion:
                    warning = self.env._(
                        "%(tier)s account: the decision map shows no champion yet.", tier=tier)
            partner.kam_decision_warning = warning

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('kam_influence')
    def _check_kam_influence(self):
        for partner in self:
            if partner.kam_influence and not 1 <= partner.kam_influence <= 5:
                raise ValidationError(self.env._(
                    "Influence of %s must be between 1 and 5.", partner.display_name))

    @api.constrains('kam_reports_to_id', 'parent_id')
    def _check_kam_reports_to(self):
        for partner in self.filtered('kam_reports_to_id'):
            boss = partner.kam_reports_to_id
            if boss.is_company or not partner.kam_group_id or boss.kam_group_id != partner.kam_group_id:
                raise ValidationError(self.env._(
                    "%(contact)s can only report to a contact person of the same group "
                    "customer (%(boss)s is not one).",
                    contact=partner.display_name, boss=boss.display_name))
        if self._has_cycle('kam_reports_to_id'):
            raise ValidationError(self.env._(
                "Reporting lines cannot go round in a circle: check who reports to whom."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_view_decision_map(self):
        action = self._kam_action(
            'res_partner_action_decision_map',
            [('kam_group_id', '=', self.kam_group_id.id), ('is_company', '=', False)],
            {'default_parent_id': self.id, 'default_is_company': False,
             'search_default_group_by_role': 1})
        # one account's map opens on its kanban, a column per buying role
        action['views'] = sorted(action['views'], key=lambda view: view[1] != 'kanban')
        return action
