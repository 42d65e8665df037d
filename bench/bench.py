"""`make bench`: time the addon's set-based jobs on synthetic data.

Generates customers and opportunities with SQL bulk inserts in a database of its
own, then runs each job the way production runs it and prints one table: wall
time, SQL queries and rows touched. Usage (through make):

    make bench BENCH_ARGS="--customers 100000 --opportunities 500000"
"""

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.dirname(__file__))
from baseline import recompute_per_record  # noqa: E402
from queue_passes import bench_queue_passes  # noqa: E402

MODULE = "crm_customer_planning"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, help="the Odoo configuration file")
    parser.add_argument("--db", default="cp_bench")
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument(
        "--opportunities", type=int, default=None, help="5 per customer"
    )
    parser.add_argument("--complaints", type=int, default=20000)
    parser.add_argument("--due", type=int, default=1000, help="complaints to escalate")
    parser.add_argument(
        "--visits-due",
        type=int,
        default=100,
        help="resolved complaints whose return visit target has passed",
    )
    parser.add_argument("--owners", type=int, default=50)
    parser.add_argument("--baseline-sample", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep the generated data")
    parser.add_argument(
        "--no-queue", action="store_true", help="skip the passes on queue_job"
    )
    parser.add_argument(
        "--queue-only",
        action="store_true",
        help="with --reuse: only the passes on queue_job, on the data as the last "
        "run's inline passes left it (customers classified)",
    )
    return parser.parse_args()


def sh(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def install(args, upgrade=False):
    """Install the addon into a new database, or (``upgrade``) bring the
    database's addon up to the code's schema."""
    if not upgrade:
        sh("dropdb", "--if-exists", "--force", args.db)
    log = os.path.join(os.path.dirname(args.config), "log", f"{args.db}.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", args.config, "-d", args.db,
         "-u" if upgrade else "-i", MODULE, "--without-demo=all",
         "--stop-after-init", "--no-http", f"--logfile={log}"],
        check=True,
    )  # fmt: skip


class Meter:
    """Wall time, queries and rows of each job, for the final table."""

    def __init__(self):
        self.rows = []

    @contextlib.contextmanager
    def job(self, name, cursors):
        """``cursors``: a list the job appends each cursor it uses to."""
        start = time.perf_counter()
        counter = {"rows": 0}
        yield counter
        wall = time.perf_counter() - start
        queries = sum(cr.sql_log_count for cr in cursors)
        self.rows.append((name, wall, queries, counter["rows"]))
        print(f"  {name}: {wall:.2f} s", file=sys.stderr, flush=True)

    def print(self, args, extra):
        print()
        machine = f"{platform.node()}, {os.cpu_count()} cores"
        print(f"crm_customer_planning bench — {date.today()} — {machine}, "
              f"Python {platform.python_version()}")  # fmt: skip
        print(f"scale: {args.customers:,} customers, {args.opportunities:,} "
              f"opportunities, {args.complaints:,} complaints")  # fmt: skip
        print()
        print(f"| {'job':<52} | {'wall (s)':>9} | {'queries':>8} | {'rows':>10} |")
        print(f"|{'-' * 54}|{'-' * 11}|{'-' * 10}|{'-' * 12}|")
        for name, wall, queries, rows in self.rows:
            print(f"| {name:<52} | {wall:>9.3f} | {queries:>8,} | {rows:>10,} |")
        for line in extra:
            print(line)


def generate(env, args):
    """Customers (companies with a contact each), owners and opportunities, by SQL."""
    cr = env.cr
    _execute = cr.execute

    def execute(query, params=None):
        start = time.perf_counter()
        _execute(query, params)
        text = " ".join(str(query).split())[:60]
        print(f"    {time.perf_counter() - start:7.2f} s  {text}", file=sys.stderr)

    cr.execute = execute
    owners = env["res.users"].create(
        [
            {"name": f"Bench Owner {i}", "login": f"bench_owner_{i}"}
            for i in range(args.owners)
        ]
    )
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
    # Bulk loads build indexes once at the end rather than row by row.
    cr.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
         WHERE tablename IN ('res_partner', 'crm_lead')
           AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%%'
        """
    )
    index_defs = cr.fetchall()
    for name, _definition in index_defs:
        cr.execute(f'DROP INDEX "{name}"')
    cr.execute(
        """
        WITH new AS (
            SELECT nextval('res_partner_id_seq') AS id, g
              FROM generate_series(1, %(n)s) g)
        INSERT INTO res_partner (id, commercial_partner_id, name, complete_name,
                                 is_company, active, type, user_id, potential_value,
                                 create_date, write_date)
        SELECT id, id, 'Bench Customer ' || g, 'Bench Customer ' || g, TRUE, TRUE,
               'contact', (%(owners)s::int[])[1 + g %% %(n_owners)s],
               CASE WHEN g %% 7 = 0 THEN 0
                    ELSE round((exp(random() * 9 + 9))::numeric, 2) END,
               NOW(), NOW()
          FROM new
        """,
        {"owners": owners.ids, "n_owners": len(owners), "n": args.customers},
    )
    cr.execute(
        "SELECT MIN(id), MAX(id) FROM res_partner WHERE name LIKE 'Bench Customer %%'"
    )
    first, last = cr.fetchone()
    # One contact for every second customer: opportunities are on both.
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, parent_id, commercial_partner_id,
                                 is_company, active, type, create_date, write_date)
        SELECT 'Buyer ' || id, 'Buyer ' || id, id, id, FALSE, TRUE, 'contact',
               NOW(), NOW()
          FROM res_partner WHERE id BETWEEN %s AND %s AND id %% 2 = 0
        """,
        [first, last],
    )
    # Who each opportunity is for: a customer or, for one in three, its contact.
    cr.execute(
        """
        CREATE TEMP TABLE bench_target AS
        SELECT row_number() OVER (ORDER BY c.id) - 1 AS idx, c.id AS customer_id,
               COALESCE(b.id, c.id) AS contact_id
          FROM res_partner c
          LEFT JOIN res_partner b ON b.parent_id = c.id
         WHERE c.id BETWEEN %s AND %s AND c.parent_id IS NULL
        """,
        [first, last],
    )
    cr.execute("CREATE UNIQUE INDEX ON bench_target (idx)")
    cr.execute("ANALYZE bench_target")
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, partner_id, expected_revenue,
                              probability, stage_id, date_closed, company_id, user_id,
                              priority, create_date, write_date)
        SELECT 'Bench deal ' || g, 'opportunity', TRUE,
               CASE WHEN g %% 3 = 0 THEN t.contact_id ELSE t.customer_id END,
               round((exp(random() * 6 + 8))::numeric, 2),
               CASE WHEN g %% 5 < 2 THEN 100 ELSE 30 END,
               CASE WHEN g %% 5 < 2 THEN %(won)s ELSE %(open)s END,
               CASE WHEN g %% 5 < 2
                    THEN NOW() - (random() * 730) * INTERVAL '1 day' END,
               %(company)s, NULL, '0', NOW(), NOW()
          FROM generate_series(0, %(n)s - 1) g
          JOIN bench_target t ON t.idx = (g::bigint * 7919) %% %(customers)s
        """,
        {
            "won": won_stage.id,
            "open": open_stage.id,
            "company": env.company.id,
            "n": args.opportunities,
            "customers": args.customers,
        },
    )
    for _name, definition in index_defs:
        cr.execute(definition)
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE crm_lead")
    env.invalidate_all()
    cr.execute("DROP TABLE bench_target")
    if args.complaints:
        generate_complaints(env, args, first, owners)
    cr.execute = _execute
    return first, last


def generate_complaints(env, args, first, owners):
    """Complaints: most closed long ago, a few open and not due yet, and
    ``args.due`` open ones whose reply deadline has passed (the escalation
    scan's work)."""
    cr = env.cr
    stages = {
        stage.state: stage.id for stage in env["customer.complaint.stage"].search([])
    }
    category = env["customer.complaint.category"].search([], limit=1)
    env.company.complaint_general_manager_id = owners[0]
    due = min(args.due, args.complaints)
    open_later = min(args.complaints // 50, args.complaints - due)
    cr.execute(
        """
        INSERT INTO customer_complaint (
            name, subject, partner_id, commercial_partner_id, company_id, channel,
            complaint_type, severity, category_id, stage_id, state,
            first_responsible_id, active, date_received, reply_deadline,
            reply_warning_date, first_reply_date, resolution_deadline,
            resolution_warning_date, date_resolved, date_closed,
            create_date, write_date)
        SELECT 'BENCH/' || g, 'Bench complaint ' || g,
               %(first)s + g %% %(customers)s, %(first)s + g %% %(customers)s,
               %(company)s, 'phone', 'complaint',
               CASE WHEN g %% 10 = 0 THEN 'major' ELSE 'normal' END,
               %(category)s,
               CASE WHEN g <= %(due)s + %(open)s THEN %(new)s ELSE %(closed)s END,
               CASE WHEN g <= %(due)s + %(open)s THEN 'new' ELSE 'closed' END,
               (%(owners)s::int[])[1 + g %% %(n_owners)s], TRUE,
               received, received + INTERVAL '12 hours', received + INTERVAL '9 hours',
               CASE WHEN g <= %(due)s + %(open)s THEN NULL
                    ELSE received + INTERVAL '2 hours' END,
               received + INTERVAL '40 hours', received + INTERVAL '30 hours',
               CASE WHEN g <= %(due)s + %(open)s THEN NULL
                    ELSE received + INTERVAL '20 hours' END,
               CASE WHEN g <= %(due)s + %(open)s THEN NULL
                    ELSE received + INTERVAL '30 hours' END,
               received, received
          FROM (SELECT g, CASE
                    WHEN g <= %(due)s THEN NOW() - INTERVAL '13 hours'
                    WHEN g <= %(due)s + %(open)s THEN NOW() + INTERVAL '1 day'
                    ELSE NOW() - (30 + random() * 700) * INTERVAL '1 day' END
                    AS received
                  FROM generate_series(1, %(n)s) g) AS gen
        """,
        {
            "first": first,
            "customers": args.customers,
            "company": env.company.id,
            "category": category.id,
            "due": due,
            "open": open_later,
            "new": stages["new"],
            "closed": stages["closed"],
            "owners": owners.ids,
            "n_owners": len(owners),
            "n": args.complaints,
        },
    )
    # The escalation scan asks that the general manager of major complaints is
    # told: only the due ones are major-and-open.
    cr.execute(
        "UPDATE customer_complaint SET escalation_gm_notified = TRUE "
        "WHERE name LIKE 'BENCH/%%' AND state = 'new' AND date_received > NOW()"
    )
    # A few closed ones are only resolved, eight days ago: their return visit
    # target (7 days) has passed.
    cr.execute(
        """
        UPDATE customer_complaint
           SET stage_id = %(resolved)s, state = 'resolved', date_closed = NULL,
               date_resolved = NOW() - INTERVAL '8 days'
         WHERE id IN (SELECT id FROM customer_complaint
                       WHERE name LIKE 'BENCH/%%' AND state = 'closed'
                       ORDER BY id LIMIT %(n)s)
        """,
        {"resolved": stages["resolved"], "n": args.visits_due},
    )
    generate_targets(cr)
    cr.execute("ANALYZE customer_complaint")
    cr.execute("ANALYZE customer_complaint_target")


def generate_targets(cr):
    """The three service targets of each generated complaint, as the complaint
    would have made them (models/customer_complaint_target.py): the reply and
    resolution ones mirror its dates, the return visit is due 7 days after the
    resolution, done two days after it for the closed ones."""
    cr.execute(
        """
        INSERT INTO customer_complaint_target (
            complaint_id, company_id, team_id, first_responsible_id, kind,
            deadline, warning_date, date_reached, late, clock,
            create_date, write_date)
        SELECT id, company_id, team_id, first_responsible_id, kind,
               deadline, warning_date, reached,
               COALESCE(reached > deadline, FALSE),
               CASE WHEN reached IS NOT NULL THEN 'stopped'
                    WHEN kind = 'return_visit' AND date_resolved IS NULL
                    THEN 'pending' ELSE 'running' END,
               NOW(), NOW()
          FROM (
            SELECT c.*, k.kind,
                   CASE k.kind WHEN 'reply' THEN c.reply_deadline
                        WHEN 'resolution' THEN c.resolution_deadline
                        ELSE c.date_resolved + INTERVAL '7 days' END AS deadline,
                   CASE k.kind WHEN 'reply' THEN c.reply_warning_date
                        WHEN 'resolution' THEN c.resolution_warning_date
                        ELSE c.date_resolved + INTERVAL '126 hours' END
                        AS warning_date,
                   CASE k.kind
                        WHEN 'reply' THEN COALESCE(c.first_reply_date, c.date_resolved)
                        WHEN 'resolution' THEN c.date_resolved
                        ELSE CASE WHEN c.state = 'closed'
                                  THEN c.date_resolved + INTERVAL '2 days' END
                   END AS reached
              FROM customer_complaint c
             CROSS JOIN (VALUES ('reply'), ('resolution'), ('return_visit')) k(kind)
             WHERE c.name LIKE 'BENCH/%%'
          ) AS rows
        """
    )


def win_deals(env, one_in):
    """Win today one open opportunity in ``one_in`` (none when 0), as a day of
    sales would: the ids, for ``unwin_deals``."""
    if not one_in:
        return []
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    env.cr.execute(
        """
        UPDATE crm_lead
           SET probability = 100, stage_id = %s, date_closed = NOW()
         WHERE id IN (SELECT id FROM crm_lead
                       WHERE name LIKE 'Bench deal %%' AND probability < 100
                         AND id %% %s = 0)
        RETURNING id
        """,
        [won_stage.id, one_in],
    )
    return [row[0] for row in env.cr.fetchall()]


def unwin_deals(env, lead_ids):
    """Put the deals ``win_deals`` won back as they were, for the next run."""
    if lead_ids:
        open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
        env.cr.execute(
            "UPDATE crm_lead SET probability = 30, stage_id = %s, date_closed = NULL "
            "WHERE id = ANY(%s)",
            [open_stage.id, lead_ids],
        )


def reset_classification(cr):
    """No customer classified, no tier history, and the open deals as the data
    generator left them (their screening never computed), so that every first
    classification, inline or on queue_job, re-screens the same deals: those
    whose depth the new tier changes."""
    cr.execute(
        """
        UPDATE res_partner
           SET customer_tier_id = NULL, value_quadrant = NULL,
               current_value = 0, share_of_wallet = 0, planning_values_date = NULL
         WHERE customer_tier_id IS NOT NULL OR planning_values_date IS NOT NULL
        """
    )
    cr.execute("DELETE FROM customer_tier_history")
    cr.execute(
        """
        UPDATE crm_lead
           SET qualification_depth = NULL, qualification_real_verdict = NULL,
               qualification_compete_verdict = NULL, qualification_win_verdict = NULL,
               qualification_worth_verdict = NULL, qualification_step = NULL,
               qualification_recommendation = NULL
         WHERE qualification_depth IS NOT NULL
        """
    )


def reset_followups(cr):
    """No return visit."""
    cr.execute("DELETE FROM customer_followup")


def reset_escalation(cr):
    """No escalation step taken yet on the generated open complaints that are
    due (the general manager was told of the others: see generate_complaints)."""
    cr.execute(
        """
        UPDATE customer_complaint
           SET escalation_reply_warned = NULL, escalation_reply_breached = NULL,
               escalation_resolution_warned = NULL,
               escalation_resolution_breached = NULL,
               escalation_gm_notified = (date_received > NOW())
         WHERE name LIKE 'BENCH/%%' AND state = 'new'
        """
    )
    cr.execute(
        """
        UPDATE customer_complaint_target t
           SET warned = NULL, escalated = NULL, date_escalated = NULL
          FROM customer_complaint c
         WHERE c.id = t.complaint_id AND c.name LIKE 'BENCH/%%'
           AND c.state IN ('new', 'resolved')
        """
    )


def run_batches(registry, cursors, model, method):
    """A batched job as the cron runs it: one batch per transaction, until
    nothing remains."""
    done_total = 0
    while True:
        with registry.cursor() as cr:
            cursors.append(cr)
            env = api.Environment(cr, SUPERUSER_ID, {})
            done, remaining = getattr(env[model], method)()
            done_total += done
        if not (done and remaining):
            return done_total


def run_cron_batches(registry, cursors):
    """The recompute as the cron runs it: one batch per transaction."""
    return run_batches(
        registry, cursors, "res.partner", "_cron_recompute_customer_values"
    )


def run_followups(meter, registry, label):
    """The visit generation job until done; the table's rows are the visits it
    created. Returns the number of customers it checked."""
    with registry.cursor() as cr:
        cr.execute("SELECT COUNT(*) FROM customer_followup")
        before = cr.fetchone()[0]
    cursors = []
    with meter.job(f"follow-up generation: {label}", cursors):
        checked = run_batches(
            registry, cursors, "customer.followup.rule", "_cron_generate_followups"
        )
    with registry.cursor() as cr:
        cr.execute("SELECT COUNT(*) FROM customer_followup")
        meter.rows[-1] = meter.rows[-1][:3] + (cr.fetchone()[0] - before,)
    return checked


def explain_escalation(env):
    """EXPLAIN of each step of the escalation scan: an index, never a
    sequential scan of the complaint or target table."""
    Complaint = env["customer.complaint"]
    Target = env["customer.complaint.target"]
    now = odoo.fields.Datetime.now()
    lines = ["\nescalation scan plans:"]
    steps = [(Complaint, step) for step in Complaint._get_escalation_steps()]
    steps += [(Target, step) for step in Target._get_escalation_steps()]
    for model, step in steps:
        claim = model._escalation_claim_sql(step, now, 1000)
        env.cr.execute(odoo.tools.SQL("EXPLAIN %s", claim))
        plan = "\n".join(row[0] for row in env.cr.fetchall())
        seq = f"Seq Scan on {model._table} " in plan + " "
        name = step["flag"] if model is Complaint else f"return_visit_{step['flag']}"
        index = next(
            (
                word
                for word in plan.split()
                if "customer_complaint" in word and "index" in word
            ),
            "-",
        )
        lines.append(f"  {name:<32} {'SEQUENTIAL SCAN' if seq else 'index'} ({index})")
    return lines


def main():
    args = parse_args()
    args.opportunities = args.opportunities or 5 * args.customers
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    meter = Meter()
    extra = []
    print(f"installing {MODULE} into {args.db} ...", file=sys.stderr, flush=True)
    install(args, upgrade=args.reuse)
    registry = Registry(args.db)
    if not args.reuse:
        cursors = []
        with meter.job("generate data (SQL bulk inserts)", cursors) as job:
            with registry.cursor() as cr:
                cursors.append(cr)
                generate(api.Environment(cr, SUPERUSER_ID, {}), args)
            job["rows"] = args.customers + args.opportunities + args.complaints

    if args.queue_only:
        with registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM res_partner WHERE planning_values_date IS NULL "
                "AND parent_id IS NULL AND id IN (SELECT partner_id FROM crm_lead)"
            )
            if not args.reuse or cr.fetchone()[0]:
                sys.exit("--queue-only needs --reuse on data a run has classified")
        meter.print(
            args,
            bench_queue_passes(
                args, registry, reset_classification, reset_followups, reset_escalation
            ),
        )
        return

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if args.batch_size:
            env["ir.config_parameter"].set_param(
                "crm_customer_planning.recompute_batch_size", args.batch_size
            )
        # Every run starts from the same state: nothing classified, no visit,
        # no escalation taken.
        reset_classification(cr)
        reset_followups(cr)
        cr.execute("DELETE FROM customer_planning_job")
        reset_escalation(cr)

    cursors = []
    with meter.job("recompute values and tiers: first classification", cursors) as job:
        job["rows"] = run_cron_batches(registry, cursors)
    first = meter.rows[-1]
    extra.append(f"\nfirst classification: {first[3]:,} customers written")
    for label, won in (("nothing changed", 0), ("1 open deal in 100 won", 100)):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            won_ids = win_deals(env, won)
            env["res.partner"]._planning_mark_stale()  # the next day's pass
            cr.execute("SELECT NOW() AT TIME ZONE 'UTC'")
            started = cr.fetchone()[0]
        cursors = []
        name = f"recompute: nightly run, {label}"
        with meter.job(name, cursors) as job:
            job["rows"] = run_cron_batches(registry, cursors)
        setbased = meter.rows[-1]
        with registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM res_partner WHERE write_date >= %s", [started]
            )
            extra.append(
                f"nightly run, {label}: {setbased[3]:,} customers checked, "
                f"{cr.fetchone()[0]:,} written"
            )
            unwin_deals(api.Environment(cr, SUPERUSER_ID, {}), won_ids)

    # The same computation, per record, on a sample; rolled back.
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute(
            "SELECT id FROM res_partner WHERE name LIKE 'Bench Customer %%' "
            "ORDER BY id LIMIT %s",
            [args.baseline_sample],
        )
        sample = env["res.partner"].browse([row[0] for row in cr.fetchall()])
        with meter.job(f"  baseline: per-record ORM loop ({len(sample):,} customers)",
                       [cr]) as job:  # fmt: skip
            recompute_per_record(sample)
            job["rows"] = len(sample)
        baseline = meter.rows[-1]
        cr.rollback()
    per_baseline = baseline[1] / max(baseline[3], 1)
    for label, run in (("first classification", first), ("nightly run", setbased)):
        per_setbased = run[1] / max(run[3], 1)
        extra.append(
            f"set-based recompute, {label}: {1000 * per_setbased:.3f} ms per customer;"
            f" per-record baseline: {1000 * per_baseline:.3f} ms per customer; "
            f"ratio {per_baseline / per_setbased:.1f}x"
        )
    extra.append(
        f"estimated baseline for all {args.customers:,} customers: "
        f"{per_baseline * args.customers:,.0f} s"
    )

    # Re-run the same day: nothing to do.
    cursors = []
    with meter.job("recompute again the same day (nothing stale)", cursors) as job:
        job["rows"] = run_cron_batches(registry, cursors)

    if args.complaints:
        with registry.cursor() as cr:
            extra.extend(explain_escalation(api.Environment(cr, SUPERUSER_ID, {})))
        # Three runs from the same state; the table shows the median (the
        # wall time of a 1-second job moves with the machine's other work).
        runs, notes = [], []
        Complaint = registry["customer.complaint"]
        escalate = Complaint._escalate

        def timed_escalate(self, step, *args):
            start = time.perf_counter()
            escalate(self, step, *args)
            notes[-1] += time.perf_counter() - start

        Complaint._escalate = timed_escalate
        for _run in range(3):
            notes.append(0.0)
            with registry.cursor() as cr:
                reset_escalation(cr)
            cursors = []
            with meter.job("escalation scan (cron, until done)", cursors) as job:
                job["rows"] = run_batches(
                    registry, cursors, "customer.complaint", "_cron_escalate_complaints"
                )
            runs.append(meter.rows.pop())
        Complaint._escalate = escalate
        extra.append(
            "escalation scan, three runs: "
            + ", ".join(
                f"{row[1]:.2f} s ({row[1] - note:.2f} s finding and claiming the due "
                f"complaints, {note:.2f} s chatter notes and digests)"
                for row, note in zip(runs, notes, strict=True)
            )
            + "; the median is in the table"
        )
        runs.sort(key=lambda row: row[1])
        meter.rows.append(runs[1])
    checked = run_followups(meter, registry, "first run, all customers")
    extra.append(f"follow-up generation: {checked:,} customers checked")
    with registry.cursor() as cr:
        # The next night: one visit in a hundred was made since (marked done
        # without its next visit), so that customer is due again.
        cr.execute(
            "UPDATE customer_followup SET state = 'done', date_closed = CURRENT_DATE "
            "WHERE state = 'planned' AND id %% %s = 0",
            [100],
        )
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["customer.planning.job"]._lock("generate_followups")._restart()
    # A night later autovacuum has long analyzed the visits the first run made;
    # here the next night comes at once.
    with registry.cursor() as cr:
        cr.execute("ANALYZE customer_followup")
    run_followups(meter, registry, "next night, 1% visits done")

    # The same passes as queue_job jobs, against one bare SQL statement, on 1
    # and 2 workers and on two servers (bench/queue_passes.py).
    if not args.no_queue:
        extra.extend(
            bench_queue_passes(
                args,
                registry,
                reset_classification,
                reset_followups,
                reset_escalation,
            )
        )

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute(
            "SELECT p.id FROM res_partner p JOIN crm_lead l ON l.partner_id = p.id "
            "WHERE p.parent_id IS NULL GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1"
        )
        busiest = env["res.partner"].browse(cr.fetchone()[0])
        spec = {
            name: {}
            for name in (
                "name", "current_value", "potential_value", "share_of_wallet",
                "value_quadrant", "planning_target_progress",
                "planning_capacity_warning", "planning_values_date",
                "customer_tier_manual",
            )
        }  # fmt: skip
        spec["customer_tier_id"] = {"fields": {"display_name": {}}}
        spec["user_id"] = {"fields": {"display_name": {}}}
        spec["customer_tier_history_ids"] = {
            "fields": {"date": {}, "new_tier_id": {"fields": {"display_name": {}}}}
        }
        env.invalidate_all()
        start = cr.sql_log_count
        with meter.job(
            "open a customer form (planning tab, busiest customer)", []
        ) as job:
            busiest.web_read(spec)
            job["rows"] = 1
        name, wall, _queries, rows = meter.rows[-1]
        meter.rows[-1] = (name, wall, cr.sql_log_count - start, rows)

        complaint = env["customer.complaint"].search(
            [("commercial_partner_id", "=", busiest.id)], limit=1
        ) or env["customer.complaint"].search([], limit=1)
        if complaint:
            complaint_spec = {
                name: {}
                for name in (
                    "name", "subject", "state", "sla_state", "reply_deadline",
                    "first_reply_date", "resolution_deadline", "escalation_level",
                    "severity", "channel", "complaint_type", "satisfaction",
                )
            }  # fmt: skip
            for many2one in ("partner_id", "stage_id", "first_responsible_id",
                             "handler_id", "category_id", "team_id"):  # fmt: skip
                complaint_spec[many2one] = {"fields": {"display_name": {}}}
            env.invalidate_all()
            start = cr.sql_log_count
            with meter.job("open a complaint form", []) as job:
                complaint.web_read(complaint_spec)
                job["rows"] = 1
            name, wall, _queries, rows = meter.rows[-1]
            meter.rows[-1] = (name, wall, cr.sql_log_count - start, rows)

        env.invalidate_all()
        start = cr.sql_log_count
        with meter.job("dashboard: pyramid, matrix, 80/20, coverage", []) as job:
            Partner = env["res.partner"]
            domain = Partner._get_planning_customer_domain()
            groups = Partner._read_group(
                domain, ["customer_tier_id", "value_quadrant"],
                ["__count", "current_value:sum", "potential_value:sum"],
            )  # fmt: skip
            tiers = env["customer.tier"].search([])
            tiers.mapped("value_percent")
            env["customer.coverage.report"]._read_group(
                [], ["user_id", "tier_id"],
                ["account_count:sum"],
            )  # fmt: skip
            job["rows"] = len(groups)
        name, wall, _queries, rows = meter.rows[-1]
        meter.rows[-1] = (name, wall, cr.sql_log_count - start, rows)

    meter.print(args, extra)


if __name__ == "__main__":
    main()
