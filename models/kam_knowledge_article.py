from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

# headcount bands of the customers a case fits
CUSTOMER_SIZES = [
    ('small', "Under 100 Employees"),
    ('medium', "100-499 Employees"),
    ('large', "500-1,999 Employees"),
    ('very_large', "2,000 Employees or More"),
]


class KamKnowledgeArticle(models.Model):
    """A winning case (知识库): how a marketing campaign or a solution won a
    key account, written so that other account managers can reuse it. Drafts
    belong to their author; published cases are read by every Key Accounts
    user, suggested on the accounts of the same industry and tier, and
    readers mark the ones that helped them."""
    _name = 'kam.knowledge.article'
    _description = "Winning Case"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin']
    _order = 'date_published desc, id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Title", required=True, tracking=True, help="What was won, with whom, how.")
    company_id = fields.Many2one(
        'res.company', index=True, default=lambda self: self.env.company,
        help="The operator's company that owns the case; empty: shared by all companies.")
    user_id = fields.Many2one(
        'res.users', "Author", required=True, index=True, tracking=True, copy=False,
        default=lambda self: self.env.user, domain=[('share', '=', False)],
        help="Who wrote the case: the only Key Accounts user, with the Managers, who edits it.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('published', "Published"),
        ('archived', "Archived"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        help="Draft: seen by its author and the Managers only. Published: read by every Key "
             "Accounts user and suggested on matching accounts. Archived: withdrawn.")
    date_published = fields.Date(
        "Published On", readonly=True, copy=False, help="Day the case was last published.")
    industry_id = fields.Many2one(
        'kam.industry', index=True, tracking=True,
        help="Industry of the customer won; the case is suggested on accounts of this industry.")
    tier_ids = fields.Many2many(
        'kam.tier', string="Tiers",
        help="Tiers of the accounts the case fits; suggested on accounts of these tiers "
             "(every tier when empty).")
    product_ids = fields.Many2many(
        'product.product', string="Products",
        help="The services sold in the case (5G private network, private lines, IoT cards…).")
    customer_size = fields.Selection(
        CUSTOMER_SIZES, help="Headcount band of the customer won, to judge whether the case fits yours.")
    tag_ids = fields.Many2many('kam.knowledge.tag', string="Tags", help="Keywords to find the case by.")
    summary = fields.Text(help="Two or three sentences shown on the card.")
    body = fields.Html(
        "Case", sanitize=True,
        help="The story: the customer's need, the solution, how the deal was won, the results "
             "and what to reuse.")
    body_text = fields.Text(
        "Case Text", compute='_compute_body_text', store=True, index='trigram',
        help="The case's text without formatting, searched by the search box.")
    helpful_user_ids = fields.Many2many(
        'res.users', 'kam_knowledge_article_helpful_rel', 'article_id', 'user_id',
        string="Found Helpful By", readonly=True, copy=False,
        help="Users who pressed \"Helped me\".")
    helpful_count = fields.Integer(
        "Helped", compute='_compute_helpful', store=True, aggregator='sum',
        help="How many users found the case helpful.")
    is_helpful = fields.Boolean(
        "Helped Me", compute='_compute_is_helpful',
        help="You pressed \"Helped me\" on this case.")
    is_my_industry = fields.Boolean(
        "My Industry", compute='_compute_is_my_industry', search='_search_is_my_industry',
        help="The case's industry is that of an account you manage or serve.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('body')
    def _compute_body_text(self):
        for article in self:
            article.body_text = html2plaintext(article.body or '').strip() or False

    @api.depends('helpful_user_ids')
    def _compute_helpful(self):
        for article in self:
            article.helpful_count = len(article.helpful_user_ids)

    @api.depends_context('uid')
    @api.depends('helpful_user_ids')
    def _compute_is_helpful(self):
        for article in self:
            article.is_helpful = self.env.user in article.sudo().helpful_user_ids

    @api.depends_context('uid')
    def _compute_is_my_industry(self):
        industries = self._my_industries()
        for article in self:
            article.is_my_industry = article.industry_id in industries

    def _search_is_my_industry(self, operator, value):
        if operator not in ('in', 'not in'):
            return NotImplemented
        return [('industry_id', operator, self._my_industries().ids)]

    def _my_industries(self):
        """Industries of the key accounts the user manages or serves in the team."""
        user = self.env.user
        accounts = self.env['res.partner'].sudo().search([
            ('kam_is_key_account', '=', True),
            '|', ('kam_manager_id', '=', user.id), ('kam_team_member_ids.user_id', '=', user.id)])
        return accounts.kam_industry_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if 'user_id' in vals and not self.env.user.has_group(
                'key_account_management.group_kam_manager') and not self.env.su:
            raise UserError(self.env._("Only a Key Accounts Manager hands a case to another author."))
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_publish(self):
        self._kam_check_state(('draft', 'archived'), self.env._("Publishing"))
        if any(not (article.body_text or '').strip() for article in self):
            raise UserError(self.env._("Write the case before publishing it."))
        self._kam_move_state({'state': 'published',
                              'date_published': fields.Date.context_today(self)})
        return True

    def action_withdraw(self):
        self._kam_check_state(('published',), self.env._("Archiving"))
        self._kam_move_state({'state': 'archived'})
        return True

    def action_reset_draft(self):
        self._kam_check_state(('published', 'archived'), self.env._("Back to draft"))
        self._kam_move_state({'state': 'draft'})
        return True

    def action_toggle_helpful(self):
        """"Helped me": once per reader; pressed again, taken back. Any reader
        of a published case may press it, not only those who edit it."""
        self.check_access('read')
        if any(article.state != 'published' for article in self):
            raise UserError(self.env._("Only published cases can be marked as helpful."))
        user = self.env.user
        for article in self.sudo():
            command = 3 if user in article.helpful_user_ids else 4
            article.helpful_user_ids = [(command, user.id)]
        return True

    # ------------------------------------------------------------
    # Suggestions
    # ------------------------------------------------------------

    @api.model
    def _kam_suggestion_counts(self, accounts):
        """{account: number of published cases of its industry and tier}, for
        a whole list of accounts in one grouped query. A case without tiers
        fits every tier."""
        accounts = accounts.sudo().filtered('kam_industry_id')
        if not accounts:
            return {}
        groups = self._read_group(
            [('state', '=', 'published'), ('industry_id', 'in', accounts.kam_industry_id.ids)],
            ['industry_id', 'tier_ids'], ['__count'])
        counts = {(industry.id, tier.id): count for industry, tier, count in groups}
        return {
            account: counts.get((account.kam_industry_id.id, account.kam_tier_id.id), 0)
            * bool(account.kam_tier_id)
            + counts.get((account.kam_industry_id.id, False), 0)
            for account in accounts
        }

    @api.model
    def _kam_suggestion_domain(self, account):
        account = account.sudo()
        domain = [('state', '=', 'published'), ('industry_id', '=', account.kam_industry_id.id)]
        if account.kam_tier_id:
            return domain + ['|', ('tier_ids', 'in', account.kam_tier_id.ids),
                             ('tier_ids', '=', False)]
        return domain + [('tier_ids', '=', False)]
