from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from .kam_uscc import duplicate_map

# the opportunity is due this many days before the competitor's contract ends
OPPORTUNITY_LEAD_DAYS = 90


class KamCensusEntry(models.Model):
    """The conversion of a qualified census entry into a key account: the
    partner made (or the one with the same credit code linked), the grid's
    region and manager given to it, its tier graded at once, both records'
    history linked, and an opportunity timed before the competitor's
    contract ends."""
    _inherit = 'kam.census.entry'

    def action_convert(self):
        self._kam_check_state(['qualified'], self.env._("Converting to a key account"))
        self.check_access('write')
        for entry in self:
            entry._kam_convert()
        if len(self) == 1:
            return self.action_view_partner()
        return True

    def action_merge_duplicates(self):
        """Odoo's merge wizard with this entry's company and the companies
        sharing its credit code or normalised name."""
        self.ensure_one()
        self.check_access('read')
        Partner = self.env['res.partner']
        found = duplicate_map(self.env, [
            (self, self.company_id.id, self.name_key, self.uscc, self.id, self.partner_id.id)])
        others = found.get(self, ((), Partner))[1].with_env(self.env)
        partners = (self.partner_id | others)._filtered_access('read')
        if len(partners) < 2:
            raise UserError(self.env._(
                "Merging needs two companies: the census entry %s has fewer among its own "
                "company and the companies sharing its credit code or normalised name. "
                "Convert it, or link it to its company, first.", self.display_name))
        return Partner._kam_merge_action(partners, self.partner_id or partners[:1])

    def _kam_convert(self):
        self.ensure_one()
        partner = self.partner_id or self._kam_partner_by_code()
        manager = self.grid_manager_id or self.env.user
        account_vals = {
            'kam_is_key_account': True,
            'kam_region_id': self.region_id.id,
            'kam_manager_id': manager.id,
        }
        if partner:
            # linked as the user: his right to change the partner is checked
            vals = {} if partner.kam_is_key_account else dict(account_vals)
            if not partner.kam_industry_id and self.industry_id:
                vals['kam_industry_id'] = self.industry_id.id
            if vals:
                partner.write(vals)
        else:
            partner = self.env['res.partner'].with_context(
                kam_converting_entry_id=self.id).create(
                dict(account_vals, **self._kam_partner_values())).with_env(self.env)
        today = fields.Date.context_today(self)
        self.sudo().write({
            'state': 'converted', 'partner_id': partner.id, 'date_converted': today,
            'tier_id': partner.sudo().kam_tier_id.id or self.tier_id.id,
            'filing_state': 'filed', 'date_filed': self.date_filed or today,
        })
        self._kam_log_conversion(partner)
        if self.competitor_id and self.competitor_contract_end \
                and self.competitor_contract_end >= today:
            self._kam_open_opportunity(partner, manager)
        return partner

    def _kam_partner_by_code(self):
        if not self.uscc:
            return self.env['res.partner']
        partner = self.env['res.partner'].sudo().search([
            ('kam_uscc', '=', self.uscc), ('company_id', 'in', [False, self.company_id.id])],
            limit=1)
        return partner.with_env(self.env)

    def _kam_partner_values(self):
        """The new key account's profile from the census entry."""
        return {
            'name': self.name, 'is_company': True, 'kam_uscc': self.uscc,
            'kam_industry_id': self.industry_id.id, 'kam_employee_count': self.employee_count,
            'street': self.street, 'city': self.city, 'state_id': self.state_id.id,
            'country_id': self.state_id.country_id.id, 'phone': self.phone,
        }

    def _kam_log_conversion(self, partner):
        """Each record's chatter links to the other: the census history
        stays one click away from the account."""
        def link(record):
            return Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
                record._name, record.id, record.display_name)
        self.message_post(body=Markup("%s %s") % (
            self.env._("Converted to the key account"), link(partner)))
        partner.sudo().message_post(body=Markup("%s %s") % (
            self.env._("Won from the census entry"), link(self)), author_id=self.env.user.partner_id.id)

    def _kam_open_opportunity(self, partner, manager):
        """An opportunity to win the organisation from its operator, due
        before that operator's contract ends (the entry was checked first)."""
        today = fields.Date.context_today(self)
        deadline = max(today, self.competitor_contract_end - timedelta(days=OPPORTUNITY_LEAD_DAYS))
        lead = self.env['crm.lead'].sudo().create({
            'name': self.env._("Win %(org)s from %(competitor)s", org=self.name,
                               competitor=self.competitor_id.display_name),
            'type': 'opportunity', 'partner_id': partner.id, 'user_id': manager.id,
            'date_deadline': deadline, 'company_id': self.company_id.id,
            'description': self.env._(
                "Their contract with %(competitor)s ends on %(date)s.",
                competitor=self.competitor_id.display_name, date=self.competitor_contract_end),
        })
        self.sudo().lead_id = lead
        return lead
