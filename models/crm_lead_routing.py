from odoo import api, models


class CrmLead(models.Model):
    """Regional routing of prospects: a lead that arrives without a
    salesperson (from the website, the mail gateway, an import or the API;
    the form always sends one) for an organisation that is not a key account
    goes to the manager of the grid whose census holds it, else to an
    account manager of the region of its address (the one with the fewest
    open leads), else to the head of that region or of the nearest region
    above. Key accounts' leads keep CRM's own assignment."""
    _inherit = 'crm.lead'

    @api.model_create_multi
    def create(self, vals_list):
        unassigned = [index for index, vals in enumerate(vals_list) if 'user_id' not in vals]
        leads = super().create(vals_list)
        if unassigned and 'default_user_id' not in self.env.context \
                and not self.env.context.get('kam_no_routing'):
            self.browse([leads[index].id for index in unassigned])._kam_route_by_region()
        return leads

    def _kam_route_by_region(self):
        """Give each lead the user found for its organisation (sudo: the
        creator may be the website's or the mail gateway's user)."""
        leads = self.sudo()
        Entry = self.env['kam.census.entry'].sudo()
        partners = leads.partner_id.commercial_partner_id
        grid_managers = {
            entry.partner_id.id: entry.grid_manager_id
            for entry in Entry.search([('partner_id', 'in', partners.ids),
                                       ('grid_manager_id', '!=', False)])}
        routed = {}
        for lead in leads:
            company = lead.partner_id.commercial_partner_id
            if company.kam_is_key_account:
                continue
            user = grid_managers.get(company.id)
            if not user:
                user = self._kam_route_address(lead)[1]
            if user and user != lead.user_id:
                routed.setdefault(user, leads.browse())
                routed[user] |= lead
        for user, group in routed.items():
            group.write({'user_id': user.id})
        return routed

    @api.model
    def _kam_route_address(self, record):
        """``(region, user)`` for the address of ``record`` (a lead, a
        sign-up application: street, city, province, company): the region
        it lies in and who takes what comes from there (see
        ``_kam_region_user``). Shared by everything routed by address."""
        region = self.env['kam.region'].sudo()._kam_match_address(record)
        return region, self._kam_region_user(region)

    @api.model
    def _kam_region_user(self, region):
        """An account manager of ``region`` (the one with the fewest open
        leads), else the head of the region or of the nearest one above it."""
        if not region:
            return self.env['res.users']
        managers = region.user_ids.filtered('active')
        if managers:
            load = dict(self.sudo()._read_group(
                [('user_id', 'in', managers.ids), ('active', '=', True),
                 ('won_status', '=', 'pending')], ['user_id'], ['__count']))
            return min(managers, key=lambda user: (load.get(user, 0), user.id))
        while region:
            if region.head_user_ids:
                return region.head_user_ids[:1]
            region = region.parent_id
        return self.env['res.users']
