from collections import defaultdict
from datetime import timedelta

from odoo import models
from odoo.tools import format_date

THREAT_SEVERITY = {'low': 0.3, 'medium': 0.6, 'high': 1.0}


class ResPartner(models.Model):
    """The health factors, one method per rule code: each receives the rule
    (weight, window, threshold) and a chunk of key accounts and returns
    ``{account id: (severity 0-1, measured value, sentence)}`` for the
    accounts it finds something on, with a constant number of queries for
    the chunk. A new capability adds its factor here or in its own file:
    a ``kam.health.rule`` record and a ``_kam_health_<code>`` method."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _kam_history_at(self, day):
        """``{account id: history row}``: each account's row of the month of
        ``day`` (the figures it had then)."""
        rows = self.env['kam.health.history'].sudo().search(
            [('partner_id', 'in', self.ids), ('month', '=', day.replace(day=1))])
        return {row.partner_id.id: row for row in rows}

    @staticmethod
    def _kam_half_or_full(count, threshold):
        return 1.0 if count >= max(threshold, 1) else 0.5

    # ------------------------------------------------------------
    # Factors
    # ------------------------------------------------------------

    def _kam_health_contract_expiring(self, rule, today):
        """Running contracts ending within the window with no renewal drafted."""
        Contract = self.env['kam.contract'].sudo()
        horizon = today + timedelta(days=rule.window_days)
        contracts = Contract.search([
            ('partner_id', 'in', self.ids), ('state', 'in', ('active', 'expiring')),
            ('date_end', '!=', False), ('date_end', '<=', horizon)], order='date_end, id')
        renewed = {previous.id for [previous] in Contract._read_group(
            [('previous_contract_id', 'in', contracts.ids)], ['previous_contract_id'])}
        found = {}
        for account_id, unrenewed in contracts.filtered(
                lambda c: c.id not in renewed).grouped(lambda c: c.partner_id.id).items():
            first = unrenewed[0]
            days = max((first.date_end - today).days, 0)
            if len(unrenewed) == 1:
                sentence = self.env._(
                    "Contract %(contract)s ends in %(days)s days without renewal",
                    contract=first.name, days=days)
            else:
                sentence = self.env._(
                    "%(count)s contracts end within %(window)s days without renewal; "
                    "%(contract)s first, in %(days)s days",
                    count=len(unrenewed), window=rule.window_days, contract=first.name, days=days)
            found[account_id] = (1.0, days, sentence)
        return found

    def _kam_health_project_late(self, rule, today):
        """Open delivery projects that are late (full) or at risk (half)."""
        rows = self.env['kam.project'].sudo()._read_group(
            [('partner_id', 'in', self.ids), ('stage', 'in', ('draft', 'in_progress')),
             ('health', 'in', ('late', 'at_risk'))], ['partner_id', 'health'], ['__count'])
        counts = defaultdict(dict)
        for account, health, count in rows:
            counts[account.id][health] = count
        found = {}
        for account_id, by_health in counts.items():
            late, at_risk = by_health.get('late', 0), by_health.get('at_risk', 0)
            if late and at_risk:
                sentence = self.env._("%(late)s delivery projects late, %(risk)s at risk",
                                      late=late, risk=at_risk)
            elif late:
                sentence = self.env._("%(count)s delivery projects past their end date",
                                      count=late)
            else:
                sentence = self.env._(
                    "%(count)s delivery projects at risk: department work overdue or blocked",
                    count=at_risk)
            found[account_id] = (1.0 if late else 0.5, late + at_risk, sentence)
        return found

    def _kam_health_tier_drop(self, rule, today):
        """The tier is lower than its best in the months of the window."""
        start = (today - timedelta(days=rule.window_days)).replace(day=1)
        rows = self.env['kam.health.history'].sudo().search([
            ('partner_id', 'in', self.ids), ('month', '>=', start),
            ('month', '<', today.replace(day=1)), ('tier_id', '!=', False)], order='month')
        best = {}
        for row in rows:
            pid = row.partner_id.id
            if pid not in best or row.tier_sequence < best[pid].tier_sequence:
                best[pid] = row
        found = {}
        for account in self:
            row = best.get(account.id)
            tier = account.kam_tier_id
            if row and tier and tier.sequence > row.tier_sequence:
                found[account.id] = (1.0, tier.sequence - row.tier_sequence, self.env._(
                    "Tier dropped from %(old)s to %(new)s since %(month)s",
                    old=row.tier_id.code, new=tier.code,
                    month=format_date(self.env, row.month, date_format='yyyy-MM')))
        return found

    def _kam_health_revenue_decline(self, rule, today):
        """Monthly revenue or handsets down by the threshold (%) or more over
        the window; twice the threshold counts fully."""
        then = self._kam_history_at(today - timedelta(days=rule.window_days))
        found = {}
        for account in self:
            row = then.get(account.id)
            if not row:
                continue
            declines = []
            if row.monthly_revenue > 0:
                declines.append((100.0 * (row.monthly_revenue - account.kam_monthly_revenue)
                                 / row.monthly_revenue, self.env._("Monthly revenue")))
            if row.handset_count > 0:
                declines.append((100.0 * (row.handset_count - account.kam_handset_count)
                                 / row.handset_count, self.env._("Handsets")))
            if not declines:
                continue
            decline, what = max(declines)
            if decline >= max(rule.threshold, 0.1):
                found[account.id] = (
                    1.0 if decline >= 2 * rule.threshold else 0.5, decline, self.env._(
                        "%(what)s down %(decline)s %% in %(days)s days",
                        what=what, decline=round(decline), days=rule.window_days))
        return found

    def _kam_health_member_decline(self, rule, today):
        """Group members down by the threshold (%) or more over the window."""
        then = self._kam_history_at(today - timedelta(days=rule.window_days))
        found = {}
        for account in self:
            row = then.get(account.id)
            if not row or row.member_count <= 0:
                continue
            now = account.kam_group_member_count
            decline = 100.0 * (row.member_count - now) / row.member_count
            if decline >= max(rule.threshold, 0.1):
                found[account.id] = (
                    1.0 if decline >= 2 * rule.threshold else 0.5, decline, self.env._(
                        "Members down %(decline)s %% in %(days)s days (%(old)s → %(new)s)",
                        decline=round(decline), days=rule.window_days, old=row.member_count,
                        new=now))
        return found

    def _kam_health_no_visit(self, rule, today):
        """No visit done within the tier's visit frequency; twice the
        frequency counts fully."""
        found = {}
        for account in self:
            frequency = account.kam_tier_id.visit_frequency_days
            if not frequency:
                continue
            last = account.kam_last_visit_date
            since = (today - last).days if last else None
            if since is not None and since <= frequency:
                continue
            if since is None:
                sentence = self.env._(
                    "Never visited; tier %(tier)s expects a visit every %(frequency)s days",
                    tier=account.kam_tier_id.code, frequency=frequency)
            else:
                sentence = self.env._(
                    "No visit for %(days)s days, tier %(tier)s expects %(frequency)s",
                    days=since, tier=account.kam_tier_id.code, frequency=frequency)
            found[account.id] = (1.0 if since is None or since > 2 * frequency else 0.5,
                                 since or 0, sentence)
        return found

    def _kam_health_sla_breach(self, rule, today):
        """Work orders past their SLA, submitted within the window, of the
        account and the companies below it."""
        start = today - timedelta(days=rule.window_days)
        counts = self._kam_subtree_counts('kam.service.request', [
            ('date_submitted', '>=', start),
            '|', ('sla_accept_breached', '=', True), ('sla_resolve_breached', '=', True)])
        return {pid: (self._kam_half_or_full(count, rule.threshold), count, self.env._(
            "%(count)s work orders past SLA in %(days)s days", count=count,
            days=rule.window_days)) for pid, count in counts.items() if count}

    def _kam_health_complaints(self, rule, today):
        """Fault reports raised within the window; the threshold counts fully."""
        start = today - timedelta(days=rule.window_days)
        counts = self._kam_subtree_counts('kam.service.request', [
            ('date_submitted', '>=', start), ('kind', '=', 'fault')])
        return {pid: (self._kam_half_or_full(count, rule.threshold), count, self.env._(
            "%(count)s fault reports in %(days)s days", count=count, days=rule.window_days))
            for pid, count in counts.items() if count >= max(rule.threshold / 2, 1)}

    def _kam_health_competitor_offer(self, rule, today):
        """Competitor offers logged within the window and still valid; the
        highest threat decides."""
        offers = self.env['kam.competitor.offer'].sudo().search([
            ('partner_id', 'in', self.ids),
            ('date', '>=', today - timedelta(days=rule.window_days)),
            '|', ('valid_until', '=', False), ('valid_until', '>=', today)])
        found = {}
        for account_id, account_offers in offers.grouped(lambda o: o.partner_id.id).items():
            worst = max(account_offers, key=lambda o: THREAT_SEVERITY.get(o.threat_level, 0))
            threat = {'low': self.env._("low threat"), 'medium': self.env._("medium threat"),
                      'high': self.env._("high threat")}.get(worst.threat_level, '')
            found[account_id] = (THREAT_SEVERITY.get(worst.threat_level, 0),
                                 len(account_offers), self.env._(
                "Competitor offer logged: %(competitor)s (%(threat)s), %(date)s",
                competitor=worst.competitor_id.name, threat=threat,
                date=format_date(self.env, worst.date)))
        return found

    def _kam_health_satisfaction(self, rule, today):
        """Average satisfaction of the last three rated visits below the
        threshold (out of 5); a point lower counts fully."""
        found = {}
        for account in self:
            satisfaction = account.kam_satisfaction
            if not satisfaction or satisfaction >= rule.threshold:
                continue
            found[account.id] = (
                1.0 if satisfaction <= rule.threshold - 1 else 0.5, satisfaction, self.env._(
                    "Satisfaction %(score)s / 5 on the last %(count)s visits",
                    score=f"{satisfaction:.1f}", count=account.kam_satisfaction_count))
        return found
