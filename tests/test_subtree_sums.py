import random

from odoo.tests import BaseCase, tagged

from ..models.kam_tools import SubtreeRows, subtree_sums


def naive(rows, company_id, prefix):
    """The sums by definition: every row of the company, every row below the path."""
    own = sum(row[2] for row in rows if company_id and row[0] == company_id)
    below = sum(row[2] for row in rows if prefix and row[1].startswith(prefix))
    return own, below


@tagged('post_install', '-at_install')
class TestSubtreeSums(BaseCase):
    """Group rollups (members, contracts, opportunities, billing, handsets)
    sum a group's rows by company and by path once; each company then reads
    its own and its subtree's figures without walking the group."""

    @classmethod
    def _group(cls, size, seed):
        """A random group of ``size`` companies (ids 1..size, 1 at the top)
        with 0 to 3 rows of values each, like a grouped read gives them."""
        rnd = random.Random(seed)
        paths = {1: '1/'}
        for node in range(2, size + 1):
            paths[node] = f"{paths[rnd.randint(1, node - 1)]}{node}/"
        rows = [(node, path, rnd.randint(0, 50)) for node, path in paths.items()
                for _i in range(rnd.randint(0, 3))]
        return paths, rows

    def test_same_sums_as_the_definition(self):
        for seed in range(5):
            paths, rows = self._group(300, seed)
            indexed = SubtreeRows(rows)
            for node, path in paths.items():
                self.assertEqual(indexed.sums(node, path), naive(rows, node, path),
                                 f"company {node} of group {seed}")
                self.assertEqual(subtree_sums(rows, node, path), naive(rows, node, path))
        # no company or no path: nothing of its own, nothing below
        self.assertEqual(SubtreeRows(rows).sums(False, False), (0, 0))
        self.assertEqual(SubtreeRows().sums(7, '1/7/'), (0, 0))
        # a path prefix is a whole id: company 1 does not count 12's rows as its own subtree
        rows = [(1, '1/', 5), (12, '12/', 7)]
        self.assertEqual(SubtreeRows(rows).sums(1, '1/'), (5, 5))

    def test_sums_kept_apart_by_key(self):
        rows = SubtreeRows([(1, '1/', 10.0, 'CNY'), (2, '1/2/', 5.0, 'USD'),
                            (3, '1/2/3/', 2.0, 'USD'), (4, '1/4/', 1.0, 'CNY')])
        self.assertEqual(rows.sums_by_key(1, '1/'),
                         ({'CNY': 10.0}, {'CNY': 11.0, 'USD': 7.0}))
        self.assertEqual(rows.sums_by_key(2, '1/2/'), ({'USD': 5.0}, {'USD': 7.0}))

    def test_the_group_is_read_once_for_all_its_companies(self):
        """Every company of a 2,000-company group finds its figures from one
        pass over the group's rows: the work no longer grows with the group
        for each company (the daily jobs grew with the square of the largest
        group)."""
        paths, rows = self._group(2000, 42)
        indexed = SubtreeRows(rows)
        passes = []
        original = SubtreeRows._index

        def counted(self_):
            passes.append(len(self_))
            return original(self_)

        SubtreeRows._index = counted
        try:
            for node, path in paths.items():
                indexed.sums(node, path)
        finally:
            SubtreeRows._index = original
        self.assertEqual(passes, [len(rows)], "one pass over the group's rows")
