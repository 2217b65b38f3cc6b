from odoo import api, fields, models

from .kam_kpi_snapshot import kpi_target
from .res_partner_member import ENROLLED_STATES

# the tier split is on target within this many points of the share aimed at
TIER_SHARE_TOLERANCE = 5.0


class KamSeedCheck(models.Model):
    """The numbers the province is judged on (seed 002/004), checked
    against their aim: the A/B/C/D split of the key accounts against
    5 / 25 / 70 %, the filing rate of each tier (key accounts whose archive
    is as complete as their tier requires) against 95 / 80 %, the members'
    stability of the last month computed against 70 %, and member
    authenticity (enrolled members with a verified number) against 100 %.
    The rows are computed again when the list is opened and every night,
    a handful of grouped reads per company."""
    _name = 'kam.seed.check'
    _description = "Seed Check"
    _order = 'company_id, sequence, id'

    sequence = fields.Integer(readonly=True, help="Order of the check in the list.")
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True,
                                 help="Company checked.")
    kind = fields.Selection([
        ('tier_share', "Tier Split"),
        ('filing_rate', "Filing Rate"),
        ('stability', "Member Stability"),
        ('authenticity', "Member Authenticity"),
    ], "Check", required=True, readonly=True,
        help="Tier split: share of the key accounts in the tier; filing rate: share of the "
             "tier's key accounts with a complete archive; stability: members enrolled at the "
             "start of the last month computed still enrolled at its end; authenticity: "
             "enrolled members with a verified number.")
    tier_id = fields.Many2one('kam.tier', readonly=True, help="The tier checked, if any.")
    actual = fields.Float("Actual (%)", readonly=True, digits=(5, 1), aggregator='avg',
                          help="Where the company stands.")
    target = fields.Float("Aim (%)", readonly=True, digits=(5, 1), aggregator='avg',
                          help="What the seed asks for (tiers: their aimed share, their filing "
                               "rate target; Settings: the stability target).")
    base_count = fields.Integer("Counted", readonly=True,
                                help="Key accounts or members the share is taken over.")
    is_ok = fields.Boolean("On Target", readonly=True,
                           help="Green: at or above the aim (the tier split: within 5 points of "
                                "it); red otherwise.")
    date = fields.Datetime("Computed On", readonly=True, help="When the figures were read.")

    @api.model
    def action_kam_open(self):
        """Compute the checks of the allowed companies again and open them."""
        self.check_access('read')
        self.sudo()._kam_refresh(self.env.companies)
        return self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.kam_seed_check_action')

    @api.model
    def _kam_refresh(self, companies):
        """Replace the rows of ``companies`` by the figures of now."""
        values = []
        for company in companies:
            values += [dict(vals, company_id=company.id, sequence=index, date=fields.Datetime.now())
                       for index, vals in enumerate(self._kam_values(company))]
        self.search([('company_id', 'in', companies.ids)]).unlink()
        return self.create(values)

    @api.model
    def _kam_refresh_company(self, company_id):
        return self._kam_refresh(self.env['res.company'].browse(company_id))

    @api.model
    def _kam_values(self, company):
        Partner = self.env['res.partner'].sudo()
        tiers = self.env['kam.tier'].sudo().search([])
        scope = [('kam_is_key_account', '=', True), ('company_id', 'in', [company.id, False])]
        counts = {(tier, incomplete): count for tier, incomplete, count in Partner._read_group(
            scope + [('kam_tier_id', '!=', False)], ['kam_tier_id', 'kam_archive_incomplete'],
            ['__count'])}
        per_tier = {tier: counts.get((tier, False), 0) + counts.get((tier, True), 0) for tier in tiers}
        total = sum(per_tier.values())
        values = []
        for tier in tiers:
            share = 100.0 * per_tier[tier] / total if total else 0.0
            values.append({'kind': 'tier_share', 'tier_id': tier.id, 'actual': share,
                           'target': tier.target_share, 'base_count': total,
                           'is_ok': abs(share - tier.target_share) <= TIER_SHARE_TOLERANCE})
        for tier in tiers:
            complete = counts.get((tier, False), 0)
            rate = 100.0 * complete / per_tier[tier] if per_tier[tier] else 100.0
            values.append({'kind': 'filing_rate', 'tier_id': tier.id, 'actual': rate,
                           'target': tier.filing_target, 'base_count': per_tier[tier],
                           'is_ok': rate >= tier.filing_target - 1e-9})
        Snapshot = self.env['kam.kpi.snapshot'].sudo()
        last = Snapshot.search_fetch([('company_id', '=', company.id)], ['month'], limit=1,
                                     order='month desc')
        stability, rows = 0.0, 0
        if last:
            [(stability, rows)] = Snapshot._read_group(
                [('company_id', '=', company.id), ('month', '=', last.month)],
                [], ['stability_rate:avg', 'stability_rate:count'])
        aim = kpi_target(self.env, 'stability')
        values.append({'kind': 'stability', 'actual': stability or 0.0, 'target': aim,
                       'base_count': rows, 'is_ok': bool(rows) and (stability or 0.0) >= aim})
        Member = self.env['kam.member'].sudo()
        enrolled = [('company_id', '=', company.id), ('state', 'in', ENROLLED_STATES)]
        all_members = Member.search_count(enrolled)
        verified = Member.search_count(enrolled + [('mobile_verified_on', '!=', False)])
        rate = 100.0 * verified / all_members if all_members else 100.0
        values.append({'kind': 'authenticity', 'actual': rate, 'target': 100.0,
                       'base_count': all_members, 'is_ok': rate >= 100.0 - 1e-9})
        return values

    @api.model
    def _cron_kam_seed_checks(self):
        """Nightly: the checks of every company, one company at a time."""
        for company in self.env['res.company'].search([]):
            self._kam_refresh(company)
            self.env['ir.cron']._commit_progress(1)
        return True
