#!/usr/bin/env python3
"""Prove that the suite can fail: break the rules that matter, one at a time, and
check that each broken version (a mutant) makes at least one test fail.

Each mutant replaces one exact piece of code (found exactly once) in a copy of the
checkout, never in the checkout itself, then runs the tests that should notice
with pytest-odoo on an installed database. Called by scripts/mutants.sh
(``make mutants``), which prepares the database and the configuration.

A mutant that no test kills is a rule the suite does not really check: the run
fails and names it. The list, with the tests that kill each mutant, is in
readme/DEVELOP.md (Testing).
"""

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "crm_customer_planning"

# (name, file, code, mutated code, the tests run against it: a pytest -k
# expression over test module names)
MUTANTS = [
    (
        "tier thresholds: a customer exactly on a threshold falls below it",
        "models/planning_rules.py",
        "hits = (current >= min_current, potential >= min_potential)",
        "hits = (current > min_current, potential > min_potential)",
        "test_planning_rules or test_customer_value or test_tier_config",
    ),
    (
        "tier logic: 'potential threshold' read as 'either' (type 2 on top again)",
        "models/planning_rules.py",
        '"potential": hits[1]}[logic]',
        '"potential": any(hits)}[logic]',
        "test_planning_rules or test_customer_value or test_tier_config",
    ),
    (
        "value quadrant: high and low potential swapped",
        "models/planning_rules.py",
        'potential_level = "high" if potential >= high_potential else "low"',
        'potential_level = "low" if potential >= high_potential else "high"',
        "test_planning_rules or test_customer_value",
    ),
    (
        "screening: the pass mark ignored (any Yes passes)",
        "models/planning_rules.py",
        "if blocking_all_yes and 100.0 * yes >= pass_mark * total - EPSILON:",
        "if blocking_all_yes and yes > 0:",
        "test_planning_rules or test_qualification_verdict",
    ),
    (
        "stage gate: the gate's own step not required",
        "models/crm_lead.py",
        "for earlier in STEP_KEYS[: STEP_INDEX[step] + 1]",
        "for earlier in STEP_KEYS[: STEP_INDEX[step]]",
        "test_stage_gate",
    ),
    (
        "visit interval: one unit more than the rule says",
        "models/customer_followup_rule_planning.py",
        "(last.date_done + (r.interval_number || ' '",
        "(last.date_done + ((r.interval_number + 1) || ' '",
        "test_followup_rule",
    ),
    (
        "reply deadline: 13 hours instead of 12",
        "models/customer_complaint_sla.py",
        "DEFAULT_REPLY_HOURS = 12.0",
        "DEFAULT_REPLY_HOURS = 13.0",
        "test_complaint_sla_modes",
    ),
    (
        "breach: a reply exactly at the deadline counts as late",
        "models/planning_rules.py",
        "return bool(deadline and stopped_at and stopped_at > deadline)",
        "return bool(deadline and stopped_at and stopped_at >= deadline)",
        "test_planning_rules or test_complaint_deadlines",
    ),
    (
        "escalation: a missed reply deadline is not escalated",
        "models/customer_complaint_escalation.py",
        '"where": "c.first_reply_date IS NULL AND c.reply_deadline <= %(now)s",',
        '"where": "FALSE",',
        "test_complaint_escalation",
    ),
    (
        "waiting: a complaint waiting for the customer is escalated",
        "models/customer_complaint_escalation.py",
        "             AND c.waiting_since IS NULL\n",
        "",
        "test_complaint_deadline_pause",
    ),
]


def copy_checkout(target):
    """The files git tracks (and those added but not committed), as a copy."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def write_config(config_path, addons, target):
    """The configuration, with the copy in place of the checkout's addons folder."""
    config = configparser.ConfigParser()
    config.read(config_path)
    paths = [
        path
        for path in config["options"]["addons_path"].split(",")
        if not (Path(path) / MODULE).exists() or path.endswith("odoo/addons")
    ]
    config["options"]["addons_path"] = ",".join([*paths, str(addons)])
    with open(target, "w") as handle:
        config.write(handle)


def run_tests(copy, config, database, selection, log):
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "pytest_addon_path",
        "-q",
        "-x",
        "--no-header",
        f"--odoo-config={config}",
        f"--odoo-database={database}",
        "--odoo-log-level=critical",
        str(copy / "tests"),
        "-k",
        selection,
    ]
    env = {**os.environ, "PYTHONPATH": str(copy / "scripts")}
    with open(log, "w") as handle:
        result = subprocess.run(
            command, cwd=copy, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    text = Path(log).read_text()
    # FAILED, or SUBFAILED(…) for a failed subTest.
    failed = [
        line.split(" ", 1)[1].split(" - ")[0]
        for line in text.splitlines()
        if line.startswith(("FAILED ", "SUBFAILED"))
    ]
    return result.returncode, failed, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--only", help="run the mutants whose name holds this")
    args = parser.parse_args()
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    mutants = [m for m in MUTANTS if not args.only or args.only in m[0]]

    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        addons = Path(tmp) / "addons"
        copy = addons / MODULE
        copy_checkout(copy)
        config = Path(tmp) / "odoo.conf"
        write_config(args.config, addons, config)

        # The unbroken code first: every selected test must pass on it.
        union = " or ".join(f"({m[4]})" for m in mutants)
        log = logs / "mutant_0_unbroken.log"
        if run_tests(copy, config, args.database, union, log)[0] != 0:
            print(f"the tests fail without any mutant: see {log}")
            return 1
        survivors = []
        for number, (name, path, code, mutated, selection) in enumerate(mutants, 1):
            original = (ROOT / path).read_text()
            if original.count(code) != 1:
                print(
                    f"[{number}] {name}: the code to mutate is not found once in {path}"
                )
                survivors.append(name)
                continue
            log = logs / f"mutant_{number}.log"
            (copy / path).write_text(original.replace(code, mutated))
            start = time.monotonic()
            try:
                rc, failed, _text = run_tests(
                    copy, config, args.database, selection, log
                )
            finally:
                (copy / path).write_text(original)
            seconds = time.monotonic() - start
            if rc == 1 and failed:
                print(
                    f"[{number}] killed  ({seconds:.0f} s) {name}\n      by {failed[0]}"
                )
            else:
                print(
                    f"[{number}] SURVIVED ({seconds:.0f} s) {name} (rc {rc}, see {log})"
                )
                survivors.append(name)
        print(f"{len(mutants) - len(survivors)} of {len(mutants)} mutants killed")
        return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
