from odoo import fields, models

from .kam_retention_mixin import person_domain, phone_matches


class KamCensusEntry(models.Model):
    """A census entry lost (the organisation will not become a customer)
    loses its contact person's data after the retention period; the
    organisation's own data (name, credit code, address) stays."""
    _inherit = ['kam.census.entry', 'kam.retention.mixin']
    _name = 'kam.census.entry'
    _kam_personal_fields = ('contact_name', 'phone', 'note')

    def _kam_person_domain(self, name, number):
        return person_domain('contact_name', name, 'phone', number, number_exact=False)

    def _kam_find_person(self, name, number):
        entries = self.with_context(active_test=False).search(
            self._kam_person_domain(name, number))
        lowered = (name or '').strip().lower()
        return entries.filtered(
            lambda e: (lowered and (e.contact_name or '').strip().lower() == lowered)
            or phone_matches(e, 'phone', number))

    def _kam_retention_domain(self, cutoff):
        return super()._kam_retention_domain(cutoff) + [
            ('state', '=', 'lost'), ('write_date', '<=', fields.Datetime.to_datetime(cutoff))]
