#!/usr/bin/env python3
"""Judge a log of Odoo's own test runner (``odoo -i MODULE --test-enable
--stop-after-init``), as runbot does: the run fails on any ERROR or CRITICAL
line (a failed test, an error in a test, an error logged while testing), on a
summary that counts failures or errors, and when no test ran at all.

    scripts/check_odoo_tests.py LOG

Odoo 18 logs, per module whose tests fail,
``Module M: F failures, E errors of N tests``; after the post-install tests,
``N post-tests in 1.23s, Q queries``; and with ``--stop-after-init``, last,
``F failed, E error(s) of N tests when loading database 'DB'``.
Prints the counts; exits non-zero saying why when the run is not clean.
"""

import re
import sys
from pathlib import Path

# 2026-01-05 10:00:00,123 4242 ERROR db odoo.addons.x.tests.test_y: FAIL: ...
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
FINAL = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests "
    r"when loading database"
)
MODULE_SUMMARY = re.compile(
    r"Module (?P<module>\S+): (?P<failed>\d+) failures, (?P<errors>\d+) errors "
    r"of (?P<tests>\d+) tests"
)
POST_TESTS = re.compile(r"^(?P<tests>\d+) post-tests in ")
TEST_OUTCOME = re.compile(r"^(?P<outcome>FAIL|ERROR): ")
BAD_LEVELS = {"ERROR", "CRITICAL"}


def check(text):
    """(problems, summary) for the text of a log."""
    problems, bad_lines = [], []
    final = None
    post_tests = 0
    for raw in text.splitlines():
        line = LINE.match(raw)
        if not line:
            continue
        level, message = line["level"], line["message"]
        if level in BAD_LEVELS:
            bad_lines.append(raw)
        if TEST_OUTCOME.match(message):
            # Logged at ERROR already; counted here in case a handler changed it.
            if level not in BAD_LEVELS:
                bad_lines.append(raw)
        summary = MODULE_SUMMARY.search(message)
        if summary and (int(summary["failed"]) or int(summary["errors"])):
            problems.append(
                f"{summary['module']}: {summary['failed']} failed, "
                f"{summary['errors']} error(s) of {summary['tests']} tests"
            )
        post = POST_TESTS.match(message)
        if post:
            post_tests += int(post["tests"])
        found = FINAL.search(message)
        if found:
            final = {key: int(value) for key, value in found.groupdict().items()}
    if bad_lines:
        problems.append(
            f"{len(bad_lines)} ERROR/CRITICAL line(s):\n"
            + "\n".join(f"    {bad[:300]}" for bad in bad_lines[:40])
        )
    if final is None:
        problems.append(
            "no closing 'N failed, M error(s) of T tests when loading database' line: "
            "the run did not finish"
        )
    else:
        if final["failed"] or final["errors"]:
            problems.append(
                f"{final['failed']} failed, {final['errors']} error(s) "
                f"of {final['tests']} tests"
            )
        if not final["tests"]:
            problems.append("no test ran")
    return problems, {"final": final, "post_tests": post_tests}


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    log = Path(argv[1])
    problems, summary = check(log.read_text(encoding="utf-8", errors="replace"))
    final = summary["final"]
    if final:
        print(
            f"Odoo's runner: {final['tests']} tests ({summary['post_tests']} "
            f"post-install), {final['failed']} failed, {final['errors']} error(s)"
        )
    if problems:
        print(f"{log}: Odoo's test runner did not pass:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
