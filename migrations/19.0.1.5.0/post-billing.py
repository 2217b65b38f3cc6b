"""19.0.1.5.0: the voice service line counts as voice revenue.

The KPIs and the workbook now show voice revenue (集团话音收入), read from
the service lines flagged as voice. The shipped service lines are not
updated on upgrade (administrators rename and remap them): flag the shipped
voice line of an existing install, as a new install has it."""


def migrate(cr, version):
    cr.execute("""
        UPDATE kam_billing_service s SET is_voice = TRUE
          FROM ir_model_data d
         WHERE d.module = 'key_account_management' AND d.name = 'kam_billing_service_voice'
           AND d.model = 'kam.billing.service' AND d.res_id = s.id
    """)
