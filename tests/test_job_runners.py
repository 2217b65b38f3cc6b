import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from ..models.kam_tools import process_in_chunks

DOMAIN = [('ref', '=like', 'KAM-RUNNER-%'), ('function', '=', False)]


@tagged('post_install', '-at_install')
class TestTwoRunners(TransactionCase):
    """Two runners of the same chunked job at once (two servers' cron
    threads, or a run started by hand during the night's) share the work:
    each record is processed once. Real concurrent transactions on their
    own connections, committing as the job does."""

    def _run(self, name, seen, errors):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})

                def process(records):
                    for record in records:
                        seen.append((record.id, name))
                    records.write({'function': name})
                    time.sleep(0.1)  # the chunk's work: the other runner comes meanwhile

                process_in_chunks(env['res.partner'], DOMAIN, process, batch_size=5)
        except Exception as error:  # noqa: BLE001 -- reported by the test
            errors.append(error)

    def test_each_record_once_with_two_runners(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = env['res.partner'].create([
                {'name': f"Runner {i}", 'ref': f'KAM-RUNNER-{i:03d}'} for i in range(60)]).ids
        try:
            seen, errors = [], []
            runners = [threading.Thread(target=self._run, args=(name, seen, errors))
                       for name in ('A', 'B')]
            for runner in runners:
                runner.start()
            for runner in runners:
                runner.join(120)
            self.assertFalse(errors)
            processed = [record_id for record_id, _name in seen]
            self.assertEqual(sorted(processed), ids, "every record once, none twice")
            self.assertEqual({name for _id, name in seen}, {'A', 'B'}, "both runners worked")
            with self.registry.cursor() as cr:
                cr.execute("SELECT count(*) FROM res_partner WHERE id IN %s AND function IS NULL",
                           [tuple(ids)])
                self.assertEqual(cr.fetchone()[0], 0)
        finally:
            with self.registry.cursor() as cr:
                cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(ids)])
