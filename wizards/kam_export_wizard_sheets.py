# The sheets' column lists call a local alias `_ = self.env._`: that is
# env translation, which Odoo's extraction finds as `_(...)`.
# pylint: disable=prefer-env-translation
from odoo import models

from ..models.res_partner import KAM_MANAGER
from .kam_xlsx_stream import Styled


class KamExportWizard(models.TransientModel):
    """The workbook's appraisal sheets: the managers' monthly scorecards,
    the opportunities of the accounts, and the seed's checks."""
    _inherit = 'kam.export.wizard'

    def _kam_sheet_scorecards(self, book, styles):
        """The scorecards of the months of the period that the requester
        may read (his own, his regions', all for the department head)."""
        _ = self.env._
        states = self._kam_labels('kam.scorecard', 'state')
        domain = [('month', '>=', self.date_from.replace(day=1)), ('month', '<=', self.date_to),
                  ('company_id', 'in', self.company_ids.ids)]
        if self.user_ids:
            domain.append(('user_id', 'in', self.user_ids.ids))
        self._kam_records_sheet(book, styles, _("Scorecards"), [
            (_("Month"), 11, 'date'), (_("Account Manager"), 16, None), (_("Sales Team"), 16, None),
            (_("Region"), 14, None), (_("Score"), 8, None), (_("Rank in Team"), 8, 'int'),
            (_("Rank in Region"), 8, 'int'), (_("Indicative Incentive"), 14, 'money'),
            (_("Status"), 12, None),
        ], 'kam.scorecard', domain,
            ['month', 'user_id', 'team_id', 'region_id', 'score', 'rank_team', 'rank_region',
             'incentive', 'state'],
            lambda c: (*c[:4], round(c[4] or 0.0, 1), c[5] or None, c[6] or None, c[7],
                       states.get(c[8])))

    def _kam_sheet_opportunities(self, book, styles, account_domain):
        """The opportunities of the accounts in the workbook (open and won;
        lost ones are archived), for those who may read opportunities."""
        _ = self.env._
        columns = [
            (_("Opportunity"), 30, None), (_("Account"), 30, None), (_("Salesperson"), 16, None),
            (_("Stage"), 14, None), (_("Expected Revenue"), 16, 'money'),
            (_("Probability (%)"), 10, 'pct'), (_("Expected Closing"), 12, 'date'),
            (_("Created On"), 12, 'date')]
        if not self.env['crm.lead'].has_access('read'):
            self._kam_sheet(book, styles, _("Opportunities"), columns)[2](0)
            return
        self._kam_records_sheet(
            book, styles, _("Opportunities"), columns, 'crm.lead',
            [('type', '=', 'opportunity'), ('kam_account_id', 'any', account_domain)],
            ['name', 'kam_account_id', 'user_id', 'stage_id', 'expected_revenue', 'probability',
             'date_deadline', 'create_date'],
            lambda o: (*o[:7], o[7].date() if o[7] else None))

    def _kam_sheet_seed_checks(self, book, styles):
        """The seed's numbers against their aims, green or red, for the
        department head (they count every account of the company)."""
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("Seed Checks"), [
            (_("Company"), 20, None), (_("Check"), 20, None), (_("Tier"), 6, None),
            (_("Actual (%)"), 10, 'pct'), (_("Aim (%)"), 10, 'pct'), (_("Counted"), 10, 'int'),
            (_("On Target"), 10, None)])
        checks = []
        if self.env.user.has_group(KAM_MANAGER):
            Check = self.env['kam.seed.check']
            checks = [(company, vals) for company in self.company_ids
                      for vals in Check._kam_values(company)]
        kinds = self._kam_labels('kam.seed.check', 'kind')
        tiers = {tier.id: tier.code for tier in self.env['kam.tier'].with_context(active_test=False).search([])}
        green = book.add_format({'bg_color': '#C8E6C9'})
        red = book.add_format({'bg_color': '#FFCDD2'})
        yes, no = _("Yes"), _("No")
        close(sheet.write_rows(1, ((
            company.name, kinds.get(vals['kind']), tiers.get(vals.get('tier_id')), vals['actual'],
            vals['target'], vals['base_count'],
            Styled(yes, green) if vals['is_ok'] else Styled(no, red)) for company, vals in checks),
            formats))
