"""Summarise an Odoo test log: print every failure, then 'N passed, N failed'.

    test_report.py LOG [NAME=STATUS ...]

Each NAME=STATUS is a check run besides Odoo's tests (e.g. the multi-worker
server): it counts as one test, passed when STATUS is 0.

Exit status 1 when a test or check failed or errored, when a test was
skipped (a skipped browser tour is a tour that did not run), when an error
was logged outside a test (e.g. while installing), or when no test ran at all.
"""
import re
import sys

LOG_LINE = re.compile(
    r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)$')
SUMMARY = re.compile(r'(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database')
SKIPPED = re.compile(r'^skipped (?P<test>\S+) : (?P<reason>.*)$')
ERROR_LEVELS = {'ERROR', 'CRITICAL'}


def main(path, checks=()):
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
    checks = [check.rsplit('=', 1) for check in checks]
    failed_checks = [name for name, status in checks if status != '0']
    for name in failed_checks:
        print(f"FAILED check: {name}")

    if summary is None:
        print("No test summary in the log: Odoo stopped before the tests ended "
              f"(see {path}).")
        print(f"{len(checks) - len(failed_checks)} passed, {1 + len(failed_checks)} failed")
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
    passed += len(checks) - len(failed_checks)
    failed += len(failed_checks)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2:]))
