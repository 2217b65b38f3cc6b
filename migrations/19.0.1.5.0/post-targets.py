"""19.0.1.5.0: tiers carry the filing rate they are judged on.

Seed 004 asks 95 % of the A, B and D group customers to have a complete
archive and 80 % of the C ones. The new column starts at 95 % for every
tier: the C tier shipped with the addon gets its 80 %."""


def migrate(cr, version):
    cr.execute("""
        UPDATE kam_tier t
           SET filing_target = 80
          FROM ir_model_data d
         WHERE d.module = 'key_account_management' AND d.name = 'kam_tier_c'
           AND d.model = 'kam.tier' AND d.res_id = t.id AND t.filing_target = 95
    """)
