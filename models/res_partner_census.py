from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_uscc import check_uscc, duplicate_map, duplicated_ids_sql, normalize_org_name, uscc_holders
from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Clean customer data (客户数据规范化): the organisation's unified
    social credit code, checked and unique per company among the active
    companies and census entries, and the possible duplicates found by code
    and by normalised name."""
    _inherit = 'res.partner'

    kam_uscc = fields.Char(
        "Credit Code", copy=False, index='btree_not_null', tracking=True, groups=KAM_USER,
        help="Unified social credit code (统一社会信用代码) of the organisation: 18 "
             "characters, the last one a check character (GB 32100-2015). Unique in the "
             "company among the active companies and census entries; a census entry with "
             "the same code is this organisation's.")
    kam_name_key = fields.Char(
        "Normalised Name", compute='_compute_kam_name_key', store=True, copy=False,
        index='btree_not_null', groups=KAM_USER,
        help="The company's name without brackets, spaces and legal-form suffix (有限公司, "
             "股份有限公司…): companies and census entries with the same one are possible "
             "duplicates.")
    kam_duplicate_warning = fields.Char(
        "Duplicate Warning", compute='_compute_kam_duplicate_warning', groups=KAM_USER,
        help="Other companies or census entries with the same credit code or normalised name.")
    kam_has_duplicates = fields.Boolean(
        "Possible Duplicates", compute='_compute_kam_duplicate_warning',
        search='_search_kam_has_duplicates', groups=KAM_USER,
        help="Another active company or census entry shares the credit code or normalised name.")

    _kam_uscc_company_uniq = models.UniqueIndex(
        "(COALESCE(company_id, 0), kam_uscc) WHERE kam_uscc IS NOT NULL AND active",
        "This credit code is already held by another company.")

    @api.depends('name', 'is_company')
    def _compute_kam_name_key(self):
        for partner in self:
            partner.kam_name_key = partner.is_company and normalize_org_name(partner.name)

    @api.depends('kam_name_key', 'kam_uscc')
    def _compute_kam_duplicate_warning(self):
        companies = self.filtered('is_company')
        found = duplicate_map(self.env, [
            (partner, partner.company_id.id or self.env.company.id, partner.kam_name_key,
             partner.kam_uscc, 0, partner._origin.id) for partner in companies])
        Entry = self.env['kam.census.entry']
        for partner in self:
            entries, partners = found.get(partner, ((), ()))
            partner.kam_has_duplicates = bool(entries or partners)
            partner.kam_duplicate_warning = Entry._kam_duplicate_text(entries, partners) or False

    def _search_kam_has_duplicates(self, operator, value):
        if operator != 'in':
            return NotImplemented
        return [('id', 'in', duplicated_ids_sql(self.env, self._table))]

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        self._kam_prepare_uscc(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get('kam_uscc'):
            vals = dict(vals)
            if len(self) > 1 and vals.get('kam_uscc'):
                raise ValidationError(self.env._("Several organisations cannot share a credit code."))
            self._kam_prepare_uscc([vals], self)
        elif 'kam_uscc' in vals:
            vals = dict(vals, kam_uscc=False)
        return super().write(vals)

    def _kam_prepare_uscc(self, vals_list, records=None):
        """Normalise and check the codes: valid, held by no other active
        company of the company and by no census entry other than this
        organisation's (an entry not yet converted is converted instead)."""
        todo = []
        for index, vals in enumerate(vals_list):
            if 'kam_uscc' not in vals:
                continue
            code = vals['kam_uscc'] = check_uscc(self.env, vals['kam_uscc'])
            if not code:
                continue
            company = vals.get('company_id') if 'company_id' in vals else (
                records[index].company_id.id if records is not None else False)
            if any(c == code and co == company for c, co in todo):
                raise ValidationError(self.env._(
                    "The credit code %s is given to two organisations.", code))
            todo.append((code, company or False))
        if not todo:
            return
        own_company = self.env.company.id
        entries, partners = uscc_holders(
            self.env, [code for code, _co in todo], [co or own_company for _c, co in todo]
            + list(self.env.user.company_ids.ids))
        if records is not None:
            partners -= records.sudo()
            entries = entries.filtered(lambda e: e.partner_id not in records)
        # the census entry being converted into this company
        entries = entries.filtered(
            lambda e: e.id != self.env.context.get('kam_converting_entry_id'))
        for code, company in todo:
            if partners.filtered(lambda p, c=code, co=company: p.kam_uscc == c and (
                    not co or not p.company_id or p.company_id.id == co)):
                # the other company is named nowhere: it may be out of reach
                raise ValidationError(self.env._(
                    "The credit code %s is already held by another company: an organisation "
                    "is recorded once (look for it, or merge the two).", code))
            if entries.filtered(lambda e, c=code, co=company: e.uscc == c and not e.partner_id
                                and (not co or e.company_id.id == co)):
                raise ValidationError(self.env._(
                    "The credit code %s is recorded in the census: convert that census entry to "
                    "make it a key account instead of creating the company again.", code))
