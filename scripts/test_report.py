"""Summarise an Odoo test log: print every failure, then 'N passed, N failed'.

Exit status 1 when a test failed or errored, when a test was skipped (a
skipped browser tour is a tour that did not run), when an error was logged
outside a test (e.g. while installing), or when no test ran at all.
"""
import re
import sys

LOG_LINE = re.compile(
    r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)$')
SUMMARY = re.compile(r'(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database')
SKIPPED = re.compile(r'^skipped (?P<test>\S+) : (?P<reason>.*)$')
ERROR_LEVELS = {'ERROR', 'CRITICAL'}


def main(path):
    with open(path, encoding='utf-8', errors='replace') as log:
        lines = log.read().splitlines()

    blocks, current = [], None
    summary, skipped = None, []
    for line in lines:
        match = LOG_LINE.match(line)
        if not match:
            if current is not None:
                current.append(line)
            continue
        current = None
        level, msg = match['level'], match['msg']
        found = SUMMARY.search(msg)
        if found:
            summary = tuple(int(x) for x in found.groups())
            continue
        skip = SKIPPED.match(msg)
        if skip and match['logger'].startswith('odoo.tests'):
            skipped.append(f"{skip['test']}: {skip['reason']}")
        if level in ERROR_LEVELS:
            current = [line]
            blocks.append(current)

    for block in blocks:
        print('\n'.join(block))
        print('-' * 70)
    for skip in skipped:
        print(f"SKIPPED (counted as a failure): {skip}")

    if summary is None:
        print("No test summary in the log: Odoo stopped before the tests ended "
              f"(see {path}).")
        print("0 passed, 1 failed")
        return 1
    failures, errors, total = summary
    failed = failures + errors + len(skipped)
    passed = max(total - failures - errors - len(skipped), 0)
    other_errors = len(blocks) and not (failures or errors)
    if other_errors:
        # errors logged outside any test (install, data loading) fail the run
        failed += 1
    if total == 0:
        print("No test ran: the run counts as failed.")
        failed = max(failed, 1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
