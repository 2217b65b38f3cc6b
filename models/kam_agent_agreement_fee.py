from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamAgentAgreement(models.Model):
    """The fees an agreement pays (代理酬金): the marketing agent's sales
    fee, a share of the revenue of the accounts it brought, and the service
    agent's service fee for each work order of its accounts done within the
    service level. The monthly statements apply them."""
    _inherit = 'kam.agent.agreement'

    commission_rate = fields.Float(
        "Sales Fee (%)",
        help="Sales fee (销售酬金): share, in percent (0 to 100), of the monthly revenue of the "
             "accounts the agent brought to us that it earns.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the fees.")
    service_fee = fields.Monetary(
        "Service Fee per Work Order", tracking=True,
        help="Service fee (服务酬金) earned for each work order of the accounts the agent serves "
             "that is done within its service level.")
    statement_ids = fields.One2many(
        'kam.agent.statement', 'agreement_id', "Fee Statements",
        help="The monthly fee statements under this agreement.")

    @api.constrains('service_fee')
    def _check_service_fee(self):
        if any(agreement.service_fee < 0 for agreement in self):
            raise ValidationError(self.env._("A service fee cannot be negative."))
