from odoo import fields, models

from .kam_retention_mixin import person_domain


class KamSignupRequest(models.Model):
    """An application never converted loses the applicant's data (name,
    mobile, e-mail, message and the codes texted to him) after the retention
    period; the organisation, its credit code and the status stay for the
    statistics. A person's data request finds applications by name or mobile."""
    _inherit = ['kam.signup.request', 'kam.retention.mixin']
    _name = 'kam.signup.request'
    _kam_personal_fields = ('contact_name', 'mobile', 'email', 'message')

    def _kam_person_domain(self, name, number):
        return person_domain('contact_name', name, 'mobile', number)

    def _kam_retention_domain(self, cutoff):
        """Applications never converted, unchanged since ``cutoff``."""
        return super()._kam_retention_domain(cutoff) + [
            ('state', '!=', 'converted'), ('write_date', '<', fields.Datetime.to_datetime(cutoff))]

    def _kam_erased_values(self):
        return dict(super()._kam_erased_values(), contact_name=self.env._("(erased)"),
                    access_token=False, anonymized=True)

    def _kam_erase_linked(self):
        self.sudo().code_ids.unlink()
        return super()._kam_erase_linked()
