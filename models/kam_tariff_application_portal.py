"""Tariff and discount applications raised by the customer's group
administrator in the portal. Portal users never write the model through the
ORM: the controller hands the posted form to the methods below, which check
every value against what the user may reach, then write as the department."""
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

PORTAL_LINE_SLOTS = 5


class KamTariffApplication(models.Model):
    _inherit = 'kam.tariff.application'

    @api.model
    def _kam_portal_can_apply(self):
        """The current portal user administers his group in the portal and
        works for a company a key account serves."""
        partner = self.env.user.partner_id.sudo()
        return bool(partner.kam_portal_group_admin
                    and partner.commercial_partner_id._kam_serving_account())

    @api.model
    def _kam_portal_companies(self):
        return self.env['kam.service.request']._kam_portal_companies()

    @api.model
    def _kam_portal_products(self):
        return self.env['kam.service.request']._kam_portal_products()

    @api.model
    def _kam_portal_number(self, value, label, integer=False):
        try:
            number = int(value) if integer else float(value)
        except (TypeError, ValueError):
            raise ValidationError(self.env._("%s must be a number.", label)) from None
        if abs(number) > 10 ** 9:
            raise ValidationError(self.env._("%s is out of range.", label))
        return number

    @api.model
    def _kam_portal_date(self, value, label):
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError):
            raise ValidationError(self.env._("%s must be a date.", label)) from None

    @api.model
    def _kam_portal_values(self, post):
        """The application's values from the posted form, every id checked
        against what the user may reach and the list prices taken from the
        catalogue, never from the form."""
        companies = self._kam_portal_companies()
        partner_id = self._kam_portal_number(post.get('partner_id'), self.env._("Company"), True)
        if partner_id not in companies.ids:
            raise ValidationError(self.env._("Choose one of your group's companies."))
        products = self._kam_portal_products()
        lines = []
        for slot in range(PORTAL_LINE_SLOTS):
            product_value = post.get(f'line_{slot}_product_id')
            if not product_value:
                continue
            product_id = self._kam_portal_number(product_value, self.env._("Service"), True)
            product = products.filtered(lambda p, product_id=product_id: p.id == product_id)
            if not product:
                raise ValidationError(self.env._("Choose a service of the catalogue."))
            lines.append(fields.Command.create({
                'product_id': product.id,
                'quantity': self._kam_portal_number(
                    post.get(f'line_{slot}_quantity') or 1, self.env._("Quantity"), True),
                'proposed_price': self._kam_portal_number(
                    post.get(f'line_{slot}_proposed_price'), self.env._("Proposed price")),
            }))
        if not lines:
            raise ValidationError(self.env._("Add at least one service before submitting."))
        subject = (post.get('subject') or '').strip()
        if not subject:
            raise ValidationError(self.env._("Say in a few words what you ask for."))
        return {
            'partner_id': partner_id,
            'subject': subject,
            'justification': (post.get('justification') or '').strip(),
            'date_start': self._kam_portal_date(post.get('date_start'), self.env._("Term start")),
            'date_end': self._kam_portal_date(post.get('date_end'), self.env._("Term end")),
            'line_ids': lines,
        }

    @api.model
    def _kam_portal_create(self, post):
        """Create and submit the application the group administrator posted;
        raises a translated error and writes nothing on bad input."""
        if not self._kam_portal_can_apply():
            raise AccessError(self.env._(
                "Only your group's administrator in the portal raises tariff applications."))
        values = self._kam_portal_values(post)
        with self.env.cr.savepoint():
            application = self.sudo().create(values)
            application.action_submit()
        return application
