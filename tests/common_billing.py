import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import new_test_user

from .common import KamCommon

HEADER = "customer_ref,month,service_code,revenue,cost,lines,minutes,data_gb,pay_type,bundled"


class KamBillingCommon(KamCommon):
    """Two accounts fed by the billing system: A of Account Manager One,
    B of Account Manager Two, and the billing system's own user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_a = cls._create_account("华东能源集团", kam_external_ref='CUST-A',
                                            kam_monthly_revenue=1000, kam_handset_count=1)
        cls.account_b = cls._create_account("江南物流", kam_external_ref='CUST-B',
                                            kam_manager_id=cls.user_kam_other.id)
        cls.user_billing = new_test_user(
            cls.env, login='kam_billing_system', name="Billing System",
            groups='base.group_user,key_account_management.group_kam_billing_integration')
        cls.voice = cls.env.ref('key_account_management.kam_billing_service_voice')
        cls.data = cls.env.ref('key_account_management.kam_billing_service_data')
        cls.ict = cls.env.ref('key_account_management.kam_billing_service_ict')
        today = fields.Date.context_today(cls.env.user)
        cls.this_month = today.replace(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)

    @classmethod
    def _month(cls, back):
        return cls.this_month - relativedelta(months=back)

    @classmethod
    def _row(cls, ref='CUST-A', back=1, code='VOICE', revenue=1000, **values):
        return dict({'customer_ref': ref, 'month': cls._month(back).strftime('%Y-%m'),
                     'service_code': code, 'revenue': revenue}, **values)

    @classmethod
    def _load(cls, rows, kind='line', user=None):
        Model = cls.env['kam.billing.line' if kind == 'line' else 'kam.billing.arrears']
        method = 'kam_billing_upsert' if kind == 'line' else 'kam_arrears_upsert'
        return getattr(Model.with_user(user or cls.user_billing), method)(rows)

    @classmethod
    def _history(cls, ref, months, revenue_by_code, **values):
        """``months`` complete months of billing ending last month,
        ``revenue_by_code(back)`` giving each month's ``{code: revenue}``."""
        rows = []
        for back in range(1, months + 1):
            for code, revenue in revenue_by_code(back).items():
                rows.append(cls._row(ref, back, code, revenue, **values))
        return cls._load(rows)

    def _wizard(self, text, kind='line', filename='billing.csv', user=None):
        return self.env['kam.billing.import.wizard'].with_user(user or self.user_billing).create({
            'kind': kind, 'filename': filename,
            'file': base64.b64encode(text.encode() if isinstance(text, str) else text)})

    @staticmethod
    def _xlsx(table):
        import xlsxwriter  # noqa: PLC0415
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {'in_memory': True})
        sheet = book.add_worksheet()
        for row, values in enumerate(table):
            for col, value in enumerate(values):
                sheet.write(row, col, value)
        book.close()
        return buffer.getvalue()

    def _lines(self, account):
        return self.env['kam.billing.line'].search([('partner_id', '=', account.id)])
