from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import KamCommon


class KamKnowledgeCommon(KamCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Article = cls.env['kam.knowledge.article']
        cls.tag_5g = cls.env['kam.knowledge.tag'].create({'name': "5G Test"})

    @classmethod
    def _article(cls, user=None, publish=True, **vals):
        Article = cls.Article.with_user(user or cls.user_kam)
        article = Article.create(dict({
            'name': "Energy 5G private network",
            'industry_id': cls.industry_energy.id,
            'tier_ids': [(6, 0, cls.tier_a.ids)],
            'body': "<p>Substation inspection drones over a <b>network slice</b>.</p>",
        }, **vals))
        if publish:
            article.action_publish()
        return article.with_env(cls.env)


@tagged('post_install', '-at_install')
class TestKnowledgeBase(KamKnowledgeCommon):
    """Winning cases: the publishing loop, who reads and edits them, the
    "helped me" toggle, full-text search and the suggestions on accounts."""

    def test_publish_archive_and_state_only_through_actions(self):
        article = self._article(publish=False)
        self.assertEqual((article.state, article.user_id), ('draft', self.user_kam))
        self.assertIn("network slice", article.body_text)
        mine = article.with_user(self.user_kam)
        with self.assertRaisesText(UserError, "only through its buttons"):
            mine.state = 'published'
        self.assertIs(mine.action_publish(), True)
        self.assertEqual(article.state, 'published')
        self.assertTrue(article.date_published)
        with self.assertRaisesText(UserError, "Publishing is not possible"):
            mine.action_publish()
        mine.action_withdraw()
        self.assertEqual(article.state, 'archived')
        mine.action_reset_draft()
        self.assertEqual(article.state, 'draft')

    def test_empty_case_is_not_published(self):
        article = self._article(publish=False, body="<p>  </p>")
        with self.assertRaisesText(UserError, "Write the case"):
            article.with_user(self.user_kam).action_publish()
        self.assertEqual(article.state, 'draft')

    def test_drafts_are_their_authors_published_cases_everyones(self):
        draft = self._article(publish=False, name="Draft idea")
        published = self._article(name="Published case")
        other = self.Article.with_user(self.user_kam_other)
        self.assertEqual(other.search([('id', 'in', (draft | published).ids)]), published)
        with self.assertRaises(AccessError):
            draft.with_user(self.user_kam_other).read(['name'])
        # a published case is read, not changed, by another user
        with self.assertRaises(AccessError):
            published.with_user(self.user_kam_other).write({'name': "Mine now"})
        self.assertEqual(published.name, "Published case")
        with self.assertRaises(AccessError):
            draft.with_user(self.user_kam_other).action_publish()
        # another user cannot write a case in someone else's name
        with self.assertRaises(AccessError):
            other.create({'name': "Forged", 'user_id': self.user_kam.id})
        with self.assertRaisesText(UserError, "Key Accounts Manager"):
            draft.with_user(self.user_kam).write({'user_id': self.user_kam_other.id})
        # managers read and change every case, drafts too
        manager = self.Article.with_user(self.user_kam_manager)
        self.assertEqual(manager.search([('id', 'in', (draft | published).ids)]), draft | published)
        draft.with_user(self.user_kam_manager).write({'name': "Draft idea, edited"})
        self.assertEqual(draft.name, "Draft idea, edited")
        # employees outside the app read none
        with self.assertRaises(AccessError):
            self.Article.with_user(self.user_internal).search([])

    def test_helped_me_toggles_once_per_user(self):
        article = self._article()
        as_other = article.with_user(self.user_kam_other)
        self.assertIs(as_other.action_toggle_helpful(), True)
        article.with_user(self.user_kam_manager).action_toggle_helpful()
        self.assertEqual(article.helpful_count, 2)
        self.assertTrue(as_other.is_helpful)
        self.assertFalse(article.with_user(self.user_kam).is_helpful)
        as_other.action_toggle_helpful()
        article.invalidate_recordset()
        self.assertEqual(article.helpful_count, 1)
        self.assertEqual(article.helpful_user_ids, self.user_kam_manager)
        self.assertEqual(self.Article.with_user(self.user_kam_manager).search(
            [('helpful_user_ids', 'in', [self.user_kam_manager.id])]), article)
        # not on a draft, and nobody writes the list directly
        draft = self._article(publish=False)
        with self.assertRaisesText(UserError, "Only published cases"):
            draft.with_user(self.user_kam).action_toggle_helpful()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_kam_other).action_toggle_helpful()

    def test_full_text_search_finds_a_word_of_the_body(self):
        article = self._article(tag_ids=[(6, 0, self.tag_5g.ids)])
        self._article(name="Retail kiosks", body="<p>Tablets in every shop</p>",
                      industry_id=self.industry_retail.id)
        Article = self.Article.with_user(self.user_kam_other)
        self.assertEqual(Article.search([('body_text', 'ilike', 'slice')]), article)
        self.assertEqual(Article.search([('tag_ids', 'ilike', '5G Test')]), article)
        self.assertEqual(Article.search([('industry_id', 'ilike', self.industry_energy.name)]), article)
        # the column is indexed with trigrams
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'kam_knowledge_article'"
                            " AND indexdef ILIKE '%%body_text%%'")
        self.assertIn('gin_trgm_ops', self.env.cr.fetchone()[0])

    def test_my_industry_filter(self):
        self._create_account("Energy Co", kam_industry_id=self.industry_energy.id)
        energy = self._article()
        retail = self._article(name="Retail", industry_id=self.industry_retail.id)
        self.assertEqual(self.Article.with_user(self.user_kam).search(
            [('is_my_industry', '=', True), ('id', 'in', (energy | retail).ids)]), energy)
        self.assertFalse(self.Article.with_user(self.user_kam_other).search(
            [('is_my_industry', '=', True), ('id', 'in', (energy | retail).ids)]))


@tagged('post_install', '-at_install')
class TestKnowledgeSuggestions(KamKnowledgeCommon):
    """A key account suggests the published cases of its industry and tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.energy_a = cls._create_account(
            "Energy A", kam_industry_id=cls.industry_energy.id, kam_tier_id=cls.tier_a.id)
        cls.energy_b = cls._create_account(
            "Energy B", kam_industry_id=cls.industry_energy.id, kam_tier_id=cls.tier_b.id)
        cls.gov_a = cls._create_account(
            "Gov A", kam_industry_id=cls.industry_gov.id, kam_tier_id=cls.tier_a.id)
        cls.case_a = cls._article(name="Energy A case")
        cls.case_any = cls._article(name="Energy any tier", tier_ids=[])
        cls.case_b = cls._article(name="Energy B case", tier_ids=[(6, 0, cls.tier_b.ids)])
        cls._article(name="Energy A draft", publish=False)
        cls._article(name="Gov B case", industry_id=cls.industry_gov.id,
                     tier_ids=[(6, 0, cls.tier_b.ids)])

    def test_counts_and_the_list_behind_the_button(self):
        accounts = (self.energy_a | self.energy_b | self.gov_a).with_user(self.user_kam_other)
        self.assertEqual(accounts.mapped('kam_winning_case_count'), [2, 2, 0])
        action = self.energy_a.with_user(self.user_kam_other).action_kam_view_winning_cases()
        self.assertIn("Tier A", action['name'])
        self.assertEqual(self.Article.with_user(self.user_kam_other).search(action['domain']),
                         self.case_a | self.case_any)
        action = self.energy_b.action_kam_view_winning_cases()
        self.assertEqual(self.Article.search(action['domain']), self.case_b | self.case_any)

    def test_one_query_for_a_list_of_accounts(self):
        def count(accounts):
            accounts = accounts.with_user(self.user_kam).browse(accounts.ids)
            accounts.invalidate_recordset()
            return self._count_queries(lambda: accounts.mapped('kam_winning_case_count'))

        few = self.energy_a | self.gov_a
        many = few | self.energy_b | self.env['res.partner'].concat(*(
            self._create_account(f"Energy {i}", kam_industry_id=self.industry_energy.id,
                                 kam_tier_id=self.tier_a.id) for i in range(20)))
        count(few)  # warm the caches (rules, registry)
        self.assertEqual(count(few), count(many))
        # from nothing in the cache but rules and settings, as a new list page
        accounts = many.with_user(self.user_kam).browse(many.ids)
        self.env.invalidate_all()
        queries = self._count_queries(lambda: self.assertEqual(
            accounts.mapped('kam_winning_case_count'), [2, 0, 2] + [2] * 20))
        self.assertEqual(queries, 2, "the accounts, then the cases of all of them at once")


@tagged('post_install', '-at_install')
class TestKnowledgeTour(HttpCase, KamKnowledgeCommon):

    def test_helped_me_tour(self):
        article = self._article(name="Tour energy 5G case", user=self.user_kam_other)
        self.start_tour("/odoo/action-key_account_management.kam_knowledge_article_action",
                        "kam_knowledge_tour", login=self.user_kam.login)
        self.assertEqual(article.helpful_user_ids, self.user_kam)
