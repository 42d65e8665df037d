"""The nightly passes as queue_job jobs, for `make bench` (bench.py calls
``bench_queue_passes``): each pass against its bare-SQL equivalent, and the
pass's jobs performed by 1 and 2 job workers of one Odoo server and by two
Odoo servers on one PostgreSQL.

A worker here is what queue_job's runner and an HTTP worker of Odoo do for a
job, without HTTP: take a pending job of the channel (``FOR UPDATE SKIP
LOCKED``, so two workers never take one job), load it, perform it, mark it
done, commit. Like the HTTP workers of Odoo's multi-worker server (``workers
= N``, as readme/CONFIGURE.md sets it up), each worker is a process forked
from its server once the server's registry is loaded. Run as a script, this
file is one such Odoo server:

    python bench/queue_passes.py --config ODOO_CONF --db DB --workers N

prints ``ready`` once its registry is loaded, waits for a line on its
input, then prints ``start end jobs retries`` (epoch seconds) once no job is
left.
"""

import argparse
import multiprocessing
import sys
import time
from unittest.mock import patch

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

CHANNEL = "root.customer_planning"
RUNNER_PARAM = "crm_customer_planning.pass_runner"


def perform_jobs(registry, stats):
    """Take and perform the channel's pending jobs one at a time, each in its
    own transaction, until none is left. A job that meets a concurrent
    update (two workers claiming the same complaints) is rolled back and
    taken again, as queue_job's controller retries it (after 5 seconds
    there, at once here): ``stats["retries"]`` counts them."""
    from odoo.addons.queue_job.job import Job

    while True:
        with registry.cursor() as cr:
            try:
                # Odoo's cursors are REPEATABLE READ: a job another worker
                # finished since this transaction's snapshot cannot be
                # locked (serialization failure); take the next one afresh.
                cr.execute(
                    """
                    SELECT uuid FROM queue_job
                     WHERE state = 'pending' AND channel = %s
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                    """,
                    [CHANNEL],
                )
            except psycopg2.OperationalError as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
                cr.rollback()
                continue
            row = cr.fetchone()
            if not row:
                return
            stats["start"] = stats.get("start") or time.time()
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = Job.load(env, row[0])
            job.set_started()
            job.store()
            try:
                job.perform()
            except psycopg2.OperationalError as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
                cr.rollback()
                stats["retries"] = stats.get("retries", 0) + 1
                continue
            job.set_done()
            job.store()
        stats["end"] = time.time()
        stats["jobs"] = stats.get("jobs", 0) + 1


def work(registry, results):
    """One worker process: perform jobs until none is left, report (its
    server reports a worker that failed)."""
    stats = {}
    try:
        perform_jobs(registry, stats)
    finally:
        results.put(stats)


def serve(config, db, workers):
    """One Odoo server with ``workers`` job workers (the script's entry)."""
    odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
    registry = Registry(db)
    # As Odoo's multi-worker server: no connection is shared with the
    # workers, each opens its own.
    odoo.sql_db.close_all()
    # Loaded: wait for every server to be, so that they start together.
    print("ready", flush=True)
    sys.stdin.readline()
    forks = multiprocessing.get_context("fork")
    results = forks.Queue()
    processes = [
        forks.Process(target=work, args=(registry, results))
        for _worker in range(workers)
    ]
    for process in processes:
        process.start()
    stats = [results.get() for _process in processes]
    for process in processes:
        process.join()
        if process.exitcode:
            raise RuntimeError(f"a job worker exited with {process.exitcode}")
    done = [stat for stat in stats if stat.get("jobs")]
    start = min((stat["start"] for stat in done), default=0.0)
    end = max((stat["end"] for stat in done), default=0.0)
    jobs = sum(stat["jobs"] for stat in done)
    retries = sum(stat.get("retries", 0) for stat in stats)
    print(f"{start} {end} {jobs} {retries}")


def enqueue(registry, model, method, reset, batch_size=None):
    """``reset(cr)`` the data, then run the pass's scheduled action with the
    jobs forced: the number of jobs it enqueued."""
    with registry.cursor() as cr:
        reset(cr)
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param(RUNNER_PARAM, "queue_job")
        if batch_size:
            for param in ("recompute_batch_size", "followup_batch_size"):
                env["ir.config_parameter"].set_param(
                    f"crm_customer_planning.{param}", batch_size
                )
        env["customer.planning.job"].search([]).unlink()
        cr.execute("DELETE FROM queue_job WHERE channel = %s", [CHANNEL])
        result = getattr(env[model], method)()
        env["ir.config_parameter"].set_param(RUNNER_PARAM, "auto")
    # (jobs, remaining), or the care pass's number of jobs.
    return result[0] if isinstance(result, tuple) else result


def run_servers(args, servers, workers):
    """Start ``servers`` Odoo servers of ``workers`` workers each on the
    enqueued jobs: the wall time from the first job taken to the last done,
    and the jobs performed."""
    import subprocess

    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--config",
                args.config,
                "--db",
                args.db,
                "--workers",
                str(workers),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _server in range(servers)
    ]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("a job server did not start")
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reports = []
    for proc in procs:
        out, _err = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"job server exited with {proc.returncode}")
        start, end, jobs, retries = out.split()
        reports.append((float(start), float(end), int(jobs), int(retries)))
    done = [report for report in reports if report[2]]
    wall = max(r[1] for r in done) - min(r[0] for r in done)
    return wall, sum(r[2] for r in reports), sum(r[3] for r in reports)


def bare_sql(registry, model, method_ids, reset):
    """The pass's work as ONE statement over every customer (the addon's own
    statement, given every customer at once: no batches, no jobs, no tier
    history, digests or re-screening), timed and rolled back."""
    with registry.cursor() as cr:
        reset(cr)
        cr.commit()
        env = api.Environment(cr, SUPERUSER_ID, {})
        ids = env["res.partner"]._planning_customer_ids(0, None)
        Partner = registry["res.partner"]
        Complaint = registry["customer.complaint"]
        with (
            patch.object(Partner, "_planning_log_tier_changes", lambda *a, **k: None),
            patch.object(Complaint, "_escalate", lambda *a, **k: None),
        ):
            start = time.perf_counter()
            method_ids(env, ids)
            env.flush_all()
            wall = time.perf_counter() - start
        cr.rollback()
    return wall, len(ids)


def no_reset(cr):
    """The nightly passes: the data as the previous run left it."""


def reset_followups_nightly(cr):
    """The next night: one planned visit in a hundred was made since (done,
    without its next visit), so that customer is due again."""
    cr.execute(
        "UPDATE customer_followup SET state = 'done', date_closed = CURRENT_DATE "
        "WHERE state = 'planned' AND rule_id IS NOT NULL AND id %% %s = 0",
        [100],
    )
    cr.execute("ANALYZE customer_followup")


def reset_care(cr):
    """No care visit (greetings, needs survey, retention) yet."""
    cr.execute(
        "DELETE FROM customer_followup WHERE kind IN "
        "('birthday', 'holiday', 'needs_survey', 'retention')"
    )


def bench_queue_passes(
    args, registry, reset_classification, reset_followups, reset_escalation
):
    """The lines bench.py prints about the passes on queue_job."""
    lines = ["\npasses on queue_job (jobs of the channel root.customer_planning):"]
    passes = (
        (
            "recompute, nightly run (nothing changed)",
            "res.partner",
            "_cron_recompute_customer_values",
            no_reset,
            lambda env, ids: env["res.partner"]
            .browse(ids)
            ._planning_recompute_values(),
        ),
        (
            "recompute, first classification",
            "res.partner",
            "_cron_recompute_customer_values",
            reset_classification,
            lambda env, ids: env["res.partner"]
            .browse(ids)
            ._planning_recompute_values(),
        ),
        (
            "follow-up generation, first run",
            "customer.followup.rule",
            "_cron_generate_followups",
            reset_followups,
            lambda env, ids: env["customer.followup.rule"]
            .search([])
            ._generate_followups_for(ids),
        ),
        (
            "follow-up generation, nightly (1% visits done)",
            "customer.followup.rule",
            "_cron_generate_followups",
            reset_followups_nightly,
            lambda env, ids: env["customer.followup.rule"]
            .search([])
            ._generate_followups_for(ids),
        ),
        (
            "care (greetings, December needs survey, retention)",
            "customer.followup",
            "_cron_generate_care_followups",
            reset_care,
            lambda env, ids: env["customer.followup"]._generate_care_batch(ids),
        ),
        (
            "escalation scan",
            "customer.complaint",
            "_cron_escalate_complaints",
            reset_escalation,
            lambda env, ids: env["customer.complaint"]._escalate_next_batch(10**9),
        ),
    )
    for label, model, method, reset, statement in passes:
        bare, customers = bare_sql(registry, model, statement, reset)
        walls = {}
        for setup, (servers, workers) in (
            ("1 worker", (1, 1)),
            ("2 workers, one server", (1, 2)),
            ("2 servers, 1 worker each", (2, 1)),
        ):
            jobs = enqueue(registry, model, method, reset, args.batch_size)
            wall, performed, retries = run_servers(args, servers, workers)
            walls[setup] = wall
            lines.append(
                f"  {label}, {setup}: {wall:.2f} s, {performed}/{jobs} jobs, "
                + (f"{retries} taken again after a concurrent update, " * bool(retries))
                + f"{bare and wall / bare:.2f}x bare SQL"
            )
        one = walls["1 worker"]
        lines.append(
            f"  {label}, bare SQL (one statement, {customers:,} customers): "
            f"{bare:.2f} s; 2 workers: {one / walls['2 workers, one server']:.2f}x "
            f"the throughput of 1; 2 servers: "
            f"{one / walls['2 servers, 1 worker each']:.2f}x"
        )
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="one Odoo server of job workers")
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, default=1)
    cli = parser.parse_args()
    serve(cli.config, cli.db, cli.workers)
