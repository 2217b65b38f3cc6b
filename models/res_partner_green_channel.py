from odoo import api, fields, models

KAM_USER = 'key_account_management.group_kam_user'
# the buying roles whose holders are the group's key persons by default
KEY_PERSON_ROLES = ('decision_maker', 'influencer')


class ResPartner(models.Model):
    """Key persons of a group customer (集团关键人): their work orders take
    the green channel, with shorter deadlines and a badge."""
    _inherit = 'res.partner'

    kam_key_person = fields.Boolean(
        "Key Person (Green Channel)", compute='_compute_kam_key_person', store=True,
        readonly=False, copy=False, groups=KAM_USER, tracking=True,
        help="The work orders this contact raises take the green channel: the company's "
             "green-channel SLA factor shortens their deadlines and they carry a badge. Set "
             "for decision makers and influencers of the decision map; any contact can be "
             "flagged or unflagged by hand.")

    @api.depends('kam_buying_role')
    def _compute_kam_key_person(self):
        for partner in self:
            partner.kam_key_person = partner.kam_buying_role in KEY_PERSON_ROLES
