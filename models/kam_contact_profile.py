from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class KamContactProfile(models.Model):
    """What the account team knows of a customer's contact for relationship
    work (seed 003: 性格、兴趣、爱好…家庭、社会背景): birthday, interests,
    education, preferred channel, family and social background. Sensitive
    personal information (PIPL): one profile per contact, kept on its own
    rows and readable only by the team of the key account serving the
    contact's company (its manager and team members, whatever their other
    rights): not by region heads or the department, never in the portal,
    in exports or JSON-2 only for the team. The chatter records who changed
    the profile, never the values themselves."""
    _name = 'kam.contact.profile'
    _description = "Contact Relationship Profile"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.rule.mixin']
    _order = 'partner_id'
    _rec_name = 'partner_id'
    _check_company_auto = True

    partner_id = fields.Many2one(
        'res.partner', "Contact", required=True, ondelete='cascade', index=True,
        check_company=True, domain=[('is_company', '=', False)],
        help="The customer's contact (a person of a key account's company) this profile is "
             "about.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator serving the account.")
    parent_id = fields.Many2one(
        related='partner_id.parent_id', string="Customer Company",
        help="The customer's company the contact works for.")
    function = fields.Char(
        related='partner_id.function', string="Job Position",
        help="The contact's job position, as on the contact.")
    birthday = fields.Date(
        help="The contact's birthday, for a greeting on the day; never before 1900 or in "
             "the future.")
    personality = fields.Text(
        help="Character and working style as the team has come to know them (性格).")
    interests = fields.Text(
        "Interests and Hobbies",
        help="What the contact enjoys outside work: sports, reading, music… (兴趣爱好).")
    education = fields.Selection([
        ('secondary', "Secondary School"),
        ('college', "College"),
        ('bachelor', "Bachelor's Degree"),
        ('master', "Master's Degree"),
        ('doctorate', "Doctorate"),
    ], help="The contact's highest degree.")
    school = fields.Char(
        "School / University",
        help="Where the contact studied; alumni of the same school are a common bond.")
    preferred_channel = fields.Selection([
        ('phone', "Phone Call"),
        ('sms', "SMS"),
        ('wechat', "WeChat"),
        ('email', "Email"),
        ('visit', "Visit in Person"),
    ], help="How the contact prefers to be reached.")
    family = fields.Text(
        help="Family circumstances the contact has shared (家庭), e.g. children's school "
             "years; only what the contact told the team.")
    social_background = fields.Text(
        help="Associations, former employers and other ties of the contact (社会背景).")
    note = fields.Text(
        "Notes", help="Anything else the team should remember before meeting the contact.")
    birthday_month = fields.Integer(
        compute='_compute_birthday_month', store=True, aggregator=False,
        help="The month of the birthday (1-12), for the 'Birthday this month' filter.")

    _partner_uniq = models.Constraint(
        'UNIQUE(partner_id)', "A contact has one relationship profile: open the existing one.")

    @api.depends('birthday')
    def _compute_birthday_month(self):
        for profile in self:
            profile.birthday_month = profile.birthday.month if profile.birthday else 0

    @api.constrains('partner_id')
    def _check_partner_is_a_person(self):
        for profile in self:
            if profile.partner_id.is_company:
                raise ValidationError(self.env._(
                    "A relationship profile is about a person: choose a contact, not a company."))

    @api.constrains('birthday')
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for profile in self:
            if profile.birthday and not (fields.Date.to_date('1900-01-01')
                                         <= profile.birthday <= today):
                raise ValidationError(self.env._(
                    "The birthday must be a past date after 1900."))

    # fields whose change the chatter names, never showing the values
    _kam_logged_fields = ('birthday', 'personality', 'interests', 'education', 'school',
                          'preferred_channel', 'family', 'social_background', 'note')

    def write(self, vals):
        res = super().write(vals)
        changed = [name for name in self._kam_logged_fields if name in vals]
        if changed:
            labels = ", ".join(self._fields[name]._description_string(self.env)
                               for name in changed)
            for profile in self:
                profile._message_log(body=self.env._("Updated: %s", labels))
        return res

    # ------------------------------------------------------------
    # Entry from the contact
    # ------------------------------------------------------------

    @api.model
    def _kam_open_for(self, contact):
        """The form of ``contact``'s profile (a new one when it has none) for
        the account team; anyone else is told no, without a word on the
        profile or the account."""
        contact.ensure_one()
        account = contact.sudo()._kam_serving_account()
        user = self.env.user
        if contact.is_company or not account or not (
                account.kam_manager_id == user
                or account in user.sudo().kam_team_membership_ids.partner_id):
            raise UserError(self.env._(
                "Only the team of the contact's key account can open its relationship "
                "profile."))
        profile = self.search([('partner_id', '=', contact.id)], limit=1)
        action = {
            'type': 'ir.actions.act_window',
            'name': self.env._("Relationship Profile"),
            'res_model': self._name,
            'view_mode': 'form',
            'target': 'current',
        }
        if profile:
            return dict(action, res_id=profile.id)
        return dict(action, context={'default_partner_id': contact.id,
                                     'default_company_id': account.company_id.id
                                     or self.env.company.id})
