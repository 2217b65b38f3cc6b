from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_billing import trend_domain


class KamWalletEstimate(models.Model):
    """What a customer company spends in a year on one service of the
    catalogue with every operator, as its account manager estimates it
    (from tenders, the customer's own figures, the market): against our own
    billing of the service it gives our wallet share (钱包份额), shown in
    the whitespace matrix where the estimate is known.

    Our side is the billing system's revenue of the last twelve complete
    months on the billing service lines mapped to the service, annualised
    when the company was billed for fewer months. Estimates are read and
    changed by whoever works on the account (its manager and team, the
    heads of its region, managers), like its billing."""
    _name = 'kam.wallet.estimate'
    _description = "Wallet Estimate"
    _inherit = ['mail.thread', 'kam.account.access.mixin', 'kam.company.currency.mixin']
    _order = 'partner_id, product_id'
    _rec_name = 'product_id'
    _check_company_auto = True

    partner_id = fields.Many2one(
        'res.partner', "Company", required=True, index=True, tracking=True, check_company=True,
        ondelete='cascade', domain=[('is_company', '=', True), ('kam_group_id', '!=', False)],
        help="The key account, or a company of its group, whose spending is estimated.")
    product_id = fields.Many2one(
        'product.product', "Service", required=True, tracking=True, ondelete='cascade',
        domain=[('kam_is_service', '=', True)],
        help="The service of the key-account catalogue (a column of the whitespace matrix).")
    annual_spend = fields.Monetary(
        "Estimated Annual Spend", tracking=True,
        help="What the company spends on this service in a year with every operator, ourselves "
             "included, as far as we know it.")
    source = fields.Char(
        "Source of the Estimate", tracking=True,
        help="Where the figure comes from: the customer's budget, a tender, a market study…")
    our_revenue = fields.Monetary(
        "Our Annual Billing", compute='_compute_wallet_share',
        help="What the billing system billed the company for this service over the last twelve "
             "complete months, annualised when it was billed for fewer months.")
    wallet_share = fields.Float(
        "Wallet Share (%)", compute='_compute_wallet_share', digits=(5, 1),
        help="Our annual billing ÷ the estimated annual spend: the part of the customer's "
             "spending on this service that comes to us.")

    _partner_product_uniq = models.Constraint(
        'UNIQUE(partner_id, product_id)',
        "A company has one spending estimate per service.")

    @api.constrains('annual_spend', 'partner_id', 'product_id')
    def _check_estimate(self):
        for estimate in self:
            if estimate.annual_spend < 0:
                raise ValidationError(self.env._(
                    "The estimated annual spend cannot be negative."))
            if not estimate.product_id.sudo().kam_is_service:
                raise ValidationError(self.env._(
                    "Spending is estimated for the services of the key-account catalogue."))
            if not estimate.partner_id.sudo().kam_group_id:
                raise ValidationError(self.env._(
                    "Spending is estimated for key accounts and the companies of their groups."))

    @api.depends('partner_id', 'product_id', 'annual_spend')
    @api.depends_context('uid')
    def _compute_wallet_share(self):
        ours = self._kam_our_billing(self.partner_id.ids, self.product_id.ids)
        for estimate in self:
            revenue = ours.get((estimate.partner_id.id, estimate.product_id.id), 0.0)
            estimate.our_revenue = revenue
            estimate.wallet_share = (100.0 * revenue / estimate.annual_spend
                                     if estimate.annual_spend else 0.0)

    @api.model
    def _kam_our_billing(self, partner_ids, product_ids):
        """``{(company id, product id): annual revenue}`` billed over the
        last twelve complete months, as the reader may read the billing, in
        one grouped query for all the pairs."""
        if not partner_ids or not product_ids:
            return {}
        totals, months = defaultdict(float), defaultdict(int)
        for partner, product, _month, revenue in self.env['kam.billing.line']._read_group(
                [('partner_id', 'in', list(partner_ids)),
                 ('service_id.product_id', 'in', list(product_ids)),
                 *trend_domain(fields.Date.context_today(self))],
                ['partner_id', 'service_id.product_id', 'month:month'], ['revenue:sum']):
            totals[partner.id, product.id] += revenue
            months[partner.id, product.id] += 1
        return {key: total * 12 / months[key] for key, total in totals.items()}

    @api.model
    def _kam_wallet_shares(self, partner_ids, product_ids):
        """``{(company id, product id): (share %, our annual billing,
        estimated spend)}`` of the estimates the reader may read."""
        estimates = self.search([('partner_id', 'in', list(partner_ids)),
                                 ('product_id', 'in', list(product_ids)),
                                 ('annual_spend', '>', 0)])
        if not estimates:
            return {}
        ours = self._kam_our_billing(estimates.partner_id.ids, estimates.product_id.ids)
        shares = {}
        for estimate in estimates:
            key = (estimate.partner_id.id, estimate.product_id.id)
            revenue = ours.get(key, 0.0)
            shares[key] = (100.0 * revenue / estimate.annual_spend, revenue,
                           estimate.annual_spend)
        return shares
