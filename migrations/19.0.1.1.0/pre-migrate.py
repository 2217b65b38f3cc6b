"""19.0.1.1.0: the record rules are part of the access model, updated with
the module. They were loaded ``noupdate`` before: clear the flag so that this
upgrade rewrites them (on the records' own columns) and deletes those the
module no longer defines (the partner rules)."""


def migrate(cr, version):
    cr.execute("""
        UPDATE ir_model_data
           SET noupdate = false
         WHERE module = 'key_account_management'
           AND model = 'ir.rule'
    """)
