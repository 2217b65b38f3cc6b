from datetime import date, timedelta

from odoo.fields import Command

from .common_service_request import KamServiceRequestCommon


class KamRetentionCommon(KamServiceRequestCommon):
    """The work-order world (group A with a subsidiary, B of another
    manager) with tiers set by hand, a competitor and helpers; dates are
    frozen at TODAY."""

    TODAY = date(2026, 11, 20)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env['res.partner']
        cls.Case = cls.env['kam.retention.case']
        cls.Visit = cls.env['kam.visit']
        cls.Offer = cls.env['kam.competitor.offer']
        (cls.group_a | cls.sub_a).write({'kam_tier_id': cls.tier_a.id})
        cls.group_b.kam_tier_id = cls.tier_b
        cls.group_a.kam_monthly_revenue = 50000
        cls.competitor = cls.Partner.create({'name': "华东移动通信", 'is_company': True})
        cls.contact_a = cls._create_contact(cls.group_a, "信息中心主任", email="it@example.com")
        cls.rule = {rule.code: rule for rule in cls.env['kam.health.rule'].search([])}

    def _visit(self, partner, days_ago, satisfaction=0, done=True, **vals):
        visit = self.Visit.create(dict({
            'name': "Quarterly review", 'partner_id': partner.id,
            'date': self.TODAY - timedelta(days=days_ago), 'satisfaction': satisfaction,
            'contact_ids': [Command.link(self.contact_a.id)] if partner == self.group_a else [],
        }, **vals))
        if done:
            visit.action_done()
        return visit

    def _offer(self, partner, threat='high', days_ago=10, **vals):
        return self.Offer.create(dict({
            'name': "5G private network 30 % cheaper", 'partner_id': partner.id,
            'competitor_id': self.competitor.id, 'threat_level': threat,
            'date': self.TODAY - timedelta(days=days_ago), 'monthly_price': 35000,
            'our_monthly_price': 50000,
        }, **vals))

    def _factors(self, partner):
        return {factor.code: factor for factor in partner.kam_health_factor_ids}
