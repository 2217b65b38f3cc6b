from odoo import fields, models
from odoo.fields import Domain

from .kam_retention_mixin import person_domain, phone_matches

PARTNER_PERSONAL_FIELDS = ('name', 'phone', 'mobile', 'email', 'street', 'street2', 'zip',
                           'city', 'comment', 'function', 'website')


class ResPartner(models.Model):
    """Archived contacts of the key accounts' companies lose their personal
    data after the retention period; a person's erasure request erases a
    contact at once. The partner stays (its id keeps work orders, SMS lines
    and the accounts' history pointing somewhere), named "Erased contact".
    Companies and users' partners are never erased here."""
    _inherit = ['res.partner', 'kam.retention.mixin']
    _name = 'res.partner'

    @property
    def _kam_personal_fields(self):
        return tuple(fname for fname in PARTNER_PERSONAL_FIELDS if fname in self._fields)

    def _kam_person_domain(self, name, number):
        return Domain.AND([[('is_company', '=', False)],
                           person_domain('name', name, 'phone', number, number_exact=False)])

    def _kam_find_person(self, name, number):
        people = self.with_context(active_test=False).search(
            self._kam_person_domain(name, number))
        lowered = (name or '').strip().lower()
        return people.filtered(lambda p: (lowered and (p.name or '').strip().lower() == lowered)
                               or phone_matches(p, 'phone', number))

    def _kam_retention_domain(self, cutoff):
        return super()._kam_retention_domain(cutoff) + [
            ('active', '=', False), ('is_company', '=', False),
            ('parent_id.kam_group_id', '!=', False), ('user_ids', '=', False),
            ('write_date', '<=', fields.Datetime.to_datetime(cutoff))]

    def _kam_erased_values(self):
        return {**super()._kam_erased_values(),
                'name': self.env._("Erased contact #%s", self.id)}

    def _kam_erase_linked(self):
        self.env['kam.contact.profile'].sudo().search([('partner_id', 'in', self.ids)]).unlink()
        self.env['kam.sms.recipient'].sudo().search([('partner_id', 'in', self.ids)])._kam_erase()
        self.env['kam.sms.consent'].sudo().search([('partner_id', 'in', self.ids)]).unlink()
        return super()._kam_erase_linked()
