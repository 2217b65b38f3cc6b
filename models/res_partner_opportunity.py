from collections import defaultdict
from datetime import date

from odoo import api, fields, models

from .kam_tools import SubtreeRows
from .res_partner import KAM_USER

# open opportunities: neither won nor lost
OPEN_OPPORTUNITY = [('type', '=', 'opportunity'), ('won_status', '=', 'pending')]


class ResPartner(models.Model):
    """Opportunities of an account: its pipeline (expected revenue of its open
    opportunities) and the revenue won this year, on the account and summed
    over everything below it in its group, in the company's currency; the
    whitespace matrix of the account and its subsidiaries."""
    _inherit = 'res.partner'

    kam_pipeline_amount = fields.Monetary(
        "Pipeline", currency_field='kam_currency_id', compute='_compute_kam_opportunities',
        groups=KAM_USER,
        help="Expected revenue of the account's open opportunities, in the company's currency "
             "(all of them, including those you cannot open: a total).")
    kam_won_amount = fields.Monetary(
        "Won This Year", currency_field='kam_currency_id', compute='_compute_kam_opportunities',
        groups=KAM_USER,
        help="Expected revenue of the account's opportunities won since January 1st, in the "
             "company's currency.")
    kam_group_pipeline_amount = fields.Monetary(
        "Group Pipeline", currency_field='kam_currency_id', compute='_compute_kam_opportunities',
        groups=KAM_USER,
        help="Pipeline of the account and every account below it in its group.")
    kam_group_won_amount = fields.Monetary(
        "Group Won This Year", currency_field='kam_currency_id',
        compute='_compute_kam_opportunities', groups=KAM_USER,
        help="Revenue won this year by the account and every account below it in its group.")
    kam_opportunity_count = fields.Integer(
        "Open Opportunities", compute='_compute_kam_opportunities', groups=KAM_USER,
        help="Open opportunities of the account and the accounts below it that you can open.")
    kam_whitespace_count = fields.Integer(
        "Whitespace", compute='_compute_kam_whitespace_count', groups=KAM_USER,
        help="Services of the catalogue that the account and its subsidiaries neither hold "
             "nor have in the pipeline: the openings of the whitespace matrix.")

    @api.depends_context('uid')
    def _compute_kam_opportunities(self):
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        # (account, group path, amount) per group, read once for all the groups
        pipeline, won, counts = (defaultdict(SubtreeRows), defaultdict(SubtreeRows),
                                 defaultdict(SubtreeRows))
        if companies:
            Lead = self.env['crm.lead']
            base = [('kam_account_id.kam_group_id', 'in', companies.kam_group_id.ids)]
            year_start = date(fields.Date.context_today(self).year, 1, 1)
            # Totals of the account, whoever may open each opportunity.
            for rows, domain in (
                    (pipeline, OPEN_OPPORTUNITY),
                    (won, [('won_status', '=', 'won'), ('date_closed', '>=', year_start)])):
                for account, company, amount in Lead.sudo()._read_group(
                        base + domain, ['kam_account_id', 'company_id'], ['expected_revenue:sum']):
                    # kept apart by currency, converted per account below
                    rows[account.kam_group_id.id].append(
                        (account.id, account.kam_group_path or '', amount,
                         (company or self.env.company).currency_id))
            if Lead.has_access('read'):
                for account, count in Lead._read_group(
                        base + OPEN_OPPORTUNITY, ['kam_account_id'], ['__count']):
                    counts[account.kam_group_id.id].append(
                        (account.id, account.kam_group_path or '', count))
        for partner in self:
            pid, prefix = partner._origin.id, partner.kam_group_path
            group_id, target = partner.kam_group_id.id, partner.kam_currency_id

            partner.kam_pipeline_amount, partner.kam_group_pipeline_amount = pipeline[
                group_id].amounts(pid, prefix, target)
            partner.kam_won_amount, partner.kam_group_won_amount = won[group_id].amounts(
                pid, prefix, target)
            partner.kam_opportunity_count = counts[group_id].sums(pid, prefix)[1]

    @api.depends_context('uid')
    def _compute_kam_whitespace_count(self):
        counts = self.filtered('is_company')._kam_subtree_counts(
            'kam.whitespace.cell', [('state', '=', 'white')], sudo=False)
        for partner in self:
            partner.kam_whitespace_count = counts.get(partner._origin.id, 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_view_whitespace(self):
        """The whitespace matrix of the account and every company below it:
        companies in rows, services in columns."""
        self.ensure_one()
        action = self.env['ir.actions.actions']._for_xml_id(
            'key_account_management.kam_whitespace_matrix_action')
        action['context'] = {'active_id': self.id}
        return action

    def action_kam_view_whitespace_list(self):
        """The same cells as a list grouped by company (and a pivot)."""
        return self._kam_action(
            'kam_whitespace_cell_action', [('group_path', '=like', f"{self.kam_group_path}%")],
            {'search_default_group_by_partner': 1})

    def action_kam_view_opportunities(self):
        action = self.env['ir.actions.act_window']._for_xml_id('crm.crm_lead_opportunities')
        action['domain'] = [('type', '=', 'opportunity'),
                            ('kam_account_id.kam_group_path', '=like', f"{self.kam_group_path}%")]
        action['context'] = {'default_partner_id': self.id, 'default_type': 'opportunity',
                             'search_default_open_opportunities': 1}
        return action
