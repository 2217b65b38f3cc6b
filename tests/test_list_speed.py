from .common import KamCommon


def plan_on_a_copy(cr, table, sql):
    """(plan, name of the copied indexes by original name) of ``sql``, a query
    of ``table`` built by the ORM, run on an empty copy of ``table`` with the
    same indexes. The copy has never been updated, so PostgreSQL never hides
    its indexes from this transaction, as it may hide the table's own: an
    index built over rows updated by the install (``indcheckxmin``) is
    ignored by snapshots older than its build, e.g. while another database of
    the server holds a long transaction. A test database is tiny: the plan is
    asked as on a large one, where scanning and sorting the rows is what
    costs."""
    copy = f"kam_plan_{table}"
    cr.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{copy}" (LIKE "{table}" INCLUDING INDEXES)')
    cr.execute("""
        SELECT o.indexname, c.indexname
          FROM pg_indexes o
          JOIN pg_indexes c ON c.tablename = %s
               AND split_part(c.indexdef, ' USING ', 2) = split_part(o.indexdef, ' USING ', 2)
         WHERE o.tablename = %s AND o.schemaname = 'public'""", [copy, table])
    copied = dict(cr.fetchall())
    code = sql.code.replace(f'FROM "{table}"', f'FROM "{copy}" AS "{table}"', 1)
    assert code != sql.code, f"the query reads {table}"
    cr.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; "
               "SET LOCAL enable_incremental_sort = off")
    try:
        cr.execute(f"EXPLAIN {code}", sql.params)
        return "\n".join(row[0] for row in cr.fetchall()), copied
    finally:
        cr.execute("RESET enable_seqscan; RESET enable_sort; RESET enable_incremental_sort")


class TestKeyAccountListIndex(KamCommon):
    """The key-account list's default order reads a partial index of the key
    accounts instead of walking the whole partner index."""

    def test_index_exists(self):
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                            ['res_partner_kam_key_account_order_idx'])
        definition = self.env.cr.fetchone()
        self.assertTrue(definition, "the partial index is missing")
        self.assertIn("(kam_is_key_account IS TRUE) AND (active IS TRUE)", definition[0])
        self.assertIn("(complete_name, id DESC)", definition[0])

    def test_default_order_uses_the_partial_index(self):
        for user in (self.user_kam_manager, self.user_kam):
            with self.subTest(user=user.login):
                Partner = self.env['res.partner'].with_user(user)
                query = Partner._search([('kam_is_key_account', '=', True)], limit=80,
                                        order=Partner._order)
                plan, copied = plan_on_a_copy(self.env.cr, 'res_partner', query.select())
                self.assertIn(f"Index Scan using {copied['res_partner_kam_key_account_order_idx']} ", plan)
                self.assertNotIn("Sort", plan, "the index gives the order")


class TestContractListIndex(KamCommon):
    """An account manager's contract list, in its default order, reads his
    own rows from the index on (account manager, end date) instead of walking
    every contract in end-date order and checking the rule on each."""

    def test_account_managers_list_reads_his_rows(self):
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        self.assertFalse(self.user_kam.kam_team_membership_ids, "a manager serving on no other team")
        sql = Contract._search([], limit=80, order=Contract._order).select()
        self.assertIn('"kam_account_manager_id"', sql.code, "the rule reads his own rows")
        self.assertNotIn('_rel"', sql.code, "no relation table probed per contract")
        plan, copied = plan_on_a_copy(self.env.cr, 'kam_contract', sql)
        self.assertIn(f"Index Scan using {copied['kam_contract_kam_manager_order_idx']} ", plan)
        self.assertIn("Index Cond: (kam_account_manager_id = ", plan, "his rows only")
        self.assertNotIn("Sort", plan, "the index gives the order")
