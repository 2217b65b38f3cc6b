from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.tools import format_amount

from .res_partner_billing import month_start


class ResPartner(models.Model):
    """Health factors from the billing system (see
    res_partner_health_factors): a service line whose billed revenue or
    lines fall, and arrears."""
    _inherit = 'res.partner'

    def _kam_health_billing_decline(self, rule, today):
        """Revenue or lines of one service line down by the threshold (%) or
        more: the complete months of the window against as many months
        before them; twice the threshold counts fully. The worst line
        decides, the sentence names it."""
        months = max(round(rule.window_days / 30), 1)
        this_month = month_start(today)
        split = this_month - relativedelta(months=months)
        sums = {}
        for account, service, month, revenue, lines in self.env['kam.billing.line'].sudo()._read_group(
                [('kam_account_id', 'in', self.ids), ('month', '<', this_month),
                 ('month', '>=', this_month - relativedelta(months=2 * months))],
                ['kam_account_id', 'service_id', 'month:month'], ['revenue:sum', 'line_count:sum']):
            period = 1 if month >= split else 0
            total = sums.setdefault((account.id, service), [[0.0, 0], [0.0, 0]])
            total[period][0] += revenue
            total[period][1] += lines
        threshold = max(rule.threshold, 0.1)
        worst = {}
        for (account_id, service), (before, after) in sums.items():
            for index, what in ((0, 'revenue'), (1, 'lines')):
                if before[index] <= 0:
                    continue
                decline = 100.0 * (before[index] - after[index]) / before[index]
                if decline >= threshold and decline > worst.get(account_id, (0,))[0]:
                    worst[account_id] = (decline, service, what, before[index] / months,
                                         after[index] / months)
        currency = self.env.company.currency_id
        found = {}
        for account_id, (decline, service, what, before, after) in worst.items():
            name = service.with_env(self.env).name
            if what == 'revenue':
                sentence = self.env._(
                    "%(service)s revenue down %(decline)s %% over %(months)s months "
                    "(%(before)s → %(after)s a month)", service=name, decline=round(decline),
                    months=months, before=format_amount(self.env, before, currency),
                    after=format_amount(self.env, after, currency))
            else:
                sentence = self.env._(
                    "%(service)s lines down %(decline)s %% over %(months)s months "
                    "(%(before)s → %(after)s)", service=name, decline=round(decline),
                    months=months, before=round(before), after=round(after))
            found[account_id] = (1.0 if decline >= 2 * threshold else 0.5, decline, sentence)
        return found

    def _kam_health_arrears(self, rule, today):
        """Overdue on the latest arrears statement: fully when the account is
        flagged in arrears (days or credit limit of the settings), half when
        overdue for the threshold (days) or more."""
        latest = self.sudo()._kam_latest_statements()
        found = {}
        for account in self:
            statement = latest.get(account.id)
            if not statement or statement.overdue_amount <= 0:
                continue
            flagged = account.sudo().kam_arrears_flag
            if not flagged and statement.days_overdue < rule.threshold:
                continue
            found[account.id] = (1.0 if flagged else 0.5, statement.days_overdue, self.env._(
                "%(amount)s overdue for %(days)s days (statement of %(month)s)",
                amount=format_amount(self.env, statement.overdue_amount, statement.currency_id),
                days=statement.days_overdue, month=statement.month.strftime('%Y-%m')))
        return found
