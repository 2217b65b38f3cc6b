from odoo import api, fields, models


class CrmLead(models.Model):
    """Opportunities carry the key-account service they sell (the
    whitespace matrix reads it: an open opportunity for a service puts the
    cell in the pipeline) and the marketing plan they came from (the plan
    sums its results from it)."""
    _inherit = 'crm.lead'

    kam_product_id = fields.Many2one(
        'product.product', "Service", index='btree_not_null', tracking=True,
        domain=[('kam_is_service', '=', True)], ondelete='restrict',
        help="The key-account service this opportunity sells; its company's cell in the "
             "whitespace matrix shows it in the pipeline while the opportunity is open.")
    kam_service_category_id = fields.Many2one(
        related='kam_product_id.kam_service_category_id', string="Service Category",
        help="Family of the service sold.")
    kam_marketing_plan_id = fields.Many2one(
        'kam.marketing.plan', "Marketing Plan", index='btree_not_null', tracking=True,
        ondelete='set null', check_company=True,
        help="The marketing campaign this opportunity came from: it counts in the campaign's "
             "results (opportunities, pipeline and won revenue).")

    @api.model
    def _kam_opportunity_values(self, company, product=None, plan=None):
        """Values of a new opportunity for ``company`` (a customer company),
        prefilled with the service, the marketing plan and, as salesperson,
        the manager of the key account serving the company: when the caller
        may assign opportunities to others (or is that manager), else the
        caller himself, so that he can open what he created."""
        account = company.sudo()._kam_serving_account()
        manager = account.kam_manager_id
        user = self.env.user
        if not manager or (manager != user and not user.has_group(
                'sales_team.group_sale_salesman_all_leads')):
            manager = user
        label = product.name if product else plan.name if plan else self.env._("Opportunity")
        return {
            'name': f"{label} – {company.name}",
            'type': 'opportunity',
            'partner_id': company.id,
            'user_id': manager.id,
            'kam_product_id': product.id if product else False,
            'kam_marketing_plan_id': plan.id if plan else False,
            'expected_revenue': 12 * product.lst_price if product else 0.0,
        }

    def _kam_form_action(self):
        """The opportunity's form, as CRM opens it."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'crm.lead',
            'res_id': self.id,
            'name': self.name,
            'view_mode': 'form',
            'views': [(self.env.ref('crm.crm_lead_view_form').id, 'form')],
            'context': {'default_type': 'opportunity'},
        }
