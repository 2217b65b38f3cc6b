from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged

from ..models.kam_tools import _next_chunk, process_in_chunks

DOMAIN = [('ref', '=like', 'KAM-RUNNER-%'), ('function', '=', False)]


@tagged('post_install', '-at_install')
class TestTwoRunners(TransactionCase):
    """Two runners of the same chunked job at once (two servers' cron
    threads, or a run started by hand during the night's) share the work:
    each record is processed once. Real transactions on their own
    connections (not the test's cursor), committing as the job does."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def test_a_chunk_held_by_one_runner_is_left_to_it(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = env['res.partner'].create([
                {'name': f"Runner {i}", 'ref': f'KAM-RUNNER-{i:03d}'} for i in range(12)]).ids
        try:
            with self._cursor() as cr_a, self._cursor() as cr_b:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                # runner A takes its first chunk and is still working on it
                chunk_a = _next_chunk(env_a['res.partner'], DOMAIN, 5)
                self.assertEqual(chunk_a.ids, ids[:5])
                # runner B runs the whole job meanwhile: it leaves A's chunk to A
                seen_b = []

                def process_b(records):
                    seen_b.extend(records.ids)
                    records.write({'function': "B"})

                process_in_chunks(env_b['res.partner'], DOMAIN, process_b, batch_size=5)
                self.assertEqual(sorted(seen_b), ids[5:], "B never touches what A holds")
                # A finishes its chunk and looks for more: nothing is left
                chunk_a.write({'function': "A"})
                env_a.flush_all()
                cr_a.commit()
                self.assertFalse(_next_chunk(env_a['res.partner'], DOMAIN, 5))
            with self._cursor() as cr:
                cr.execute("SELECT function, count(*) FROM res_partner WHERE id IN %s "
                           "GROUP BY function ORDER BY function", [tuple(ids)])
                self.assertEqual(cr.fetchall(), [('A', 5), ('B', 7)], "each record once")
        finally:
            with self._cursor() as cr:
                cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(ids)])

    def test_a_run_takes_each_record_once(self):
        """Each chunk starts after the last record of the one before: the
        run reads its table once, however many chunks were done before (a
        chunk taken from the first id again walked past all of them), and a
        record its job leaves in the domain is not taken twice in a run."""
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = env['res.partner'].create([
                {'name': f"Runner {i}", 'ref': f'KAM-RUNNER-{i:03d}'} for i in range(12)]).ids
        try:
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                seen = []

                def process(records):
                    if set(records.ids) & set(seen):
                        raise AssertionError(f"taken twice: {records.ids}")
                    seen.extend(records.ids)

                process_in_chunks(env['res.partner'], DOMAIN, process, batch_size=5)
                self.assertEqual(seen, ids)
        finally:
            with self._cursor() as cr:
                cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(ids)])
