from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestDecisionMap(KamCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hq = cls._create_account("North Media Group", kam_handset_count=800)
        cls.branch = cls._create_account("North Media TV", parent_id=cls.hq.id)
        cls.other = cls._create_account("Unrelated Retail")
        cls.ceo = cls._create_contact(cls.hq, "General Manager", kam_buying_role='decision_maker',
                                      kam_attitude='neutral', kam_influence=5)
        cls.cio = cls._create_contact(cls.hq, "IT Director", kam_buying_role='influencer',
                                      kam_attitude='sceptic', kam_influence=4)
        cls.clerk = cls._create_contact(cls.branch, "Office Clerk", kam_buying_role='user')
        cls.stranger = cls._create_contact(cls.other, "Stranger")
        (cls.hq | cls.branch | cls.other)._kam_classify_tiers()

    def test_warning_without_champion(self):
        self.assertEqual(self.hq.kam_tier_id, self.tier_a)
        self.assertIn("no champion", self.hq.kam_decision_warning)
        self.assertNotIn("decision maker", self.hq.kam_decision_warning)
        self.cio.kam_attitude = 'champion'
        self.hq.invalidate_recordset(['kam_decision_warning'])
        self.assertFalse(self.hq.kam_decision_warning)

    def test_warning_without_decision_maker(self):
        self.ceo.kam_buying_role = 'influencer'
        self.hq.invalidate_recordset(['kam_decision_warning'])
        self.assertIn("decision maker", self.hq.kam_decision_warning)

    def test_subsidiary_counts_its_groups_decision_makers(self):
        self.branch.write({'kam_tier_id': self.tier_a.id, 'kam_tier_locked': True})
        self.assertIn("no champion", self.branch.kam_decision_warning,
                      "the group's decision maker counts, its champion is missing")
        self.assertNotIn("decision maker", self.branch.kam_decision_warning)
        self.cio.kam_attitude = 'champion'
        self.branch.invalidate_recordset(['kam_decision_warning'])
        self.assertFalse(self.branch.kam_decision_warning,
                         "a subsidiary is decided at its group's HQ: no warning")
        self.ceo.kam_buying_role = 'influencer'
        self.branch.invalidate_recordset(['kam_decision_warning'])
        self.assertIn("no decision maker", self.branch.kam_decision_warning)

    def test_no_warning_below_tier_a(self):
        self.assertNotEqual(self.other.kam_tier_id, self.tier_a)
        self.assertFalse(self.other.kam_decision_warning)

    def test_reports_to_within_group(self):
        self.cio.kam_reports_to_id = self.ceo
        self.clerk.kam_reports_to_id = self.cio  # subsidiary staff in the same group
        self.assertEqual(self.ceo.kam_report_ids, self.cio)
        with self.assertRaisesText(ValidationError, "same group customer"):
            self.stranger.kam_reports_to_id = self.ceo
        self.env.invalidate_all()
        self.assertFalse(self.stranger.kam_reports_to_id)

    def test_reports_to_cycle_refused(self):
        self.cio.kam_reports_to_id = self.ceo
        self.clerk.kam_reports_to_id = self.cio
        with self.assertRaisesText(ValidationError, "circle"):
            self.ceo.kam_reports_to_id = self.clerk
        self.env.invalidate_all()
        self.assertFalse(self.ceo.kam_reports_to_id)

    def test_influence_bounds(self):
        with self.assertRaises(ValidationError):
            self.cio.kam_influence = 6
        self.env.invalidate_all()
        self.assertEqual(self.cio.kam_influence, 4)

    def test_only_companies_are_key_accounts(self):
        with self.assertRaises(ValidationError):
            self.ceo.kam_is_key_account = True

    def test_smart_button_counts_contacts(self):
        # the button says what its map shows: the contacts of the whole group
        for account in (self.hq, self.branch):
            action = account.action_kam_view_decision_map()
            contacts = self.env['res.partner'].search(action['domain'])
            self.assertEqual(contacts, self.ceo | self.cio | self.clerk)
            self.assertEqual(account.kam_contact_count, len(contacts), account.name)
