"""Load test: concurrent JSON-RPC clients against Odoo with 2 workers and cron.

Installs the addon into a database of its own, generates customers and
opportunities with bench.py's SQL bulk generator, starts Odoo on 127.0.0.1 with
``--workers=2 --max-cron-threads=1`` and sets the addon's scheduled actions to
run every minute. Then, for a bounded time and number of requests, N clients
(service agents) create and update complaints and return visits over
JSON-RPC, while the cron worker runs the recompute, the escalation and the
visit generators, and a trigger client starts the same jobs by hand from the
HTTP workers (``ir.cron.method_direct_trigger``, as a second server would):
ir.cron's job lock refuses the one that comes second.

It reports requests, errors and p50/p95 latency per operation, then stops the
server, lets every job finish and checks with SQL: every complaint and visit a
client was told was created is in the database (nothing lost), no
escalation step was taken twice, no customer has two planned visits of a rule
or two visits of one care campaign, no visit got two next visits.

Only loopback traffic; bounded in clients, requests and time. Usage:

    eval "$(VAR_DIR=/tmp/var-x scripts/pg.sh env)"
    python3 bench/load.py --config /tmp/var-x/odoo.conf --port 8869
"""

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

import requests

MODULE = "crm_customer_planning"
HERE = os.path.dirname(os.path.abspath(__file__))
CRONS = (
    "ir_cron_recompute_customer_values",
    "ir_cron_escalate_complaints",
    "ir_cron_generate_followups",
    "ir_cron_generate_care_followups",
    "ir_cron_mark_missed_followups",
)
# Refusals a client must get when two runs of a job meet: not errors.
EXPECTED_REFUSALS = ("This cron task is currently being executed",)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, help="the Odoo configuration file")
    parser.add_argument("--db", default="cp_load")
    parser.add_argument("--port", type=int, default=8869, help="127.0.0.1 only")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--max-requests", type=int, default=600, help="per client")
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--reuse", action="store_true", help="keep the database")
    args = parser.parse_args()
    args.clients = max(1, min(args.clients, 32))
    args.duration = max(1.0, min(args.duration, 600.0))
    return args


# ------------------------------------------------------------------
# Database set-up (in process, before the server starts)
# ------------------------------------------------------------------


def prepare_database(args):
    import odoo
    from odoo import SUPERUSER_ID, Command, api
    from odoo.modules.registry import Registry

    sys.path.insert(0, HERE)
    import bench

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    if not args.reuse:
        print(f"installing {MODULE} into {args.db} ...", file=sys.stderr, flush=True)
        bench.install(args)
        registry = Registry(args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gen_args = argparse.Namespace(
                customers=args.customers,
                opportunities=5 * args.customers,
                owners=20,
                complaints=0,  # the clients file them
            )
            bench.generate(env, gen_args)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.ref("base.user_admin").password = "admin"
        manager = env["res.users"].search([("login", "=", "load_manager")])
        if not manager:
            manager = env["res.users"].create(
                {
                    "name": "Load Service Manager",
                    "login": "load_manager",
                    "password": "load_manager",
                    "groups_id": [
                        Command.link(
                            env.ref(f"{MODULE}.group_customer_service_manager").id
                        )
                    ],
                }
            )
        agents = env["res.users"]
        for index in range(args.clients):
            login = f"load_agent_{index}"
            agent = env["res.users"].search([("login", "=", login)])
            agents |= agent or env["res.users"].create(
                {
                    "name": f"Load Agent {index}",
                    "login": login,
                    "password": login,
                    "groups_id": [
                        Command.link(
                            env.ref(f"{MODULE}.group_customer_service_agent").id
                        )
                    ],
                }
            )
        team = env["crm.team"].search([("name", "=", "Load Service Team")])
        if not team:
            team = env["crm.team"].create(
                {"name": "Load Service Team", "user_id": manager.id}
            )
        team.member_ids = [Command.set(agents.ids)]
        categories = env["customer.complaint.category"].search([])
        categories.write({"team_id": team.id})
        env.company.complaint_general_manager_id = env.ref("base.user_admin")
        # Every job every minute, due now: the cron worker starts at once.
        for xmlid in CRONS:
            cron = env.ref(f"{MODULE}.{xmlid}")
            cron.write(
                {
                    "interval_number": 1,
                    "interval_type": "minutes",
                    "nextcall": datetime.utcnow() - timedelta(minutes=1),
                    "active": True,
                }
            )
        env["res.partner"]._planning_mark_stale()
        cr.execute(
            "SELECT id FROM res_partner WHERE name LIKE 'Bench Customer %%' "
            "AND parent_id IS NULL ORDER BY id"
        )
        customers = [row[0] for row in cr.fetchall()]
        return {
            "customers": customers,
            "categories": categories.ids,
            "crons": [env.ref(f"{MODULE}.{x}").id for x in CRONS],
            "agents": agents.mapped("login"),
        }


def finish_jobs(args):
    """After the load: every job to its end, as the cron runner would."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(args.db)
    jobs = [
        ("res.partner", "_cron_recompute_customer_values"),
        ("customer.followup.rule", "_cron_generate_followups"),
        ("customer.complaint", "_cron_escalate_complaints"),
    ]
    for model, method in jobs:
        for _batch in range(10000):
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                _done, remaining = getattr(env[model], method)()
            if not remaining:
                break


# ------------------------------------------------------------------
# The server
# ------------------------------------------------------------------


def start_server(args):
    log = os.path.join(os.path.dirname(args.config), "log", f"{args.db}_server.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    import odoo

    # In prefork mode Odoo starts its gevent worker again from sys.argv[0]:
    # that must be a script (odoo-bin), not ``-m odoo``.
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    launcher = [odoo_bin] if os.path.exists(odoo_bin) else ["-m", "odoo"]
    cmd = [
        sys.executable, *launcher, "-c", args.config, "-d", args.db,
        f"--db-filter=^{args.db}$", "--workers=2", "--max-cron-threads=1",
        "--http-interface=127.0.0.1", f"--http-port={args.port}",
        f"--gevent-port={args.port + 3}", "--limit-time-real=600",
        "--limit-time-cpu=600", "--log-level=warn", f"--logfile={log}",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, start_new_session=True)
    url = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/web/health", timeout=2).status_code == 200:
                return server, url, log
        except requests.RequestException:
            pass
        if server.poll() is not None:
            sys.exit(f"Odoo stopped at start: see {log}")
        time.sleep(1)
    stop_server(server)
    sys.exit(f"Odoo did not answer on {url}: see {log}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ------------------------------------------------------------------
# Clients
# ------------------------------------------------------------------


class Client:
    def __init__(self, url, login, stats, db):
        self.url = url
        self.session = requests.Session()
        self.stats = stats
        self.login = login
        response = self.session.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": db, "login": login, "password": login},
            },
            timeout=60,
        )
        response.raise_for_status()
        if "error" in response.json():
            raise RuntimeError(f"{login}: {response.json()['error']}")

    def call(self, op, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        start = time.perf_counter()
        try:
            response = self.session.post(
                f"{self.url}/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=120,
            )
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                self.stats.record(op, elapsed, f"HTTP {response.status_code}")
                return None
            body = response.json()
        except requests.RequestException as error:
            self.stats.record(op, time.perf_counter() - start, type(error).__name__)
            return None
        if "error" in body:
            data = body["error"].get("data", {})
            message = data.get("message", "")
            if any(text in message for text in EXPECTED_REFUSALS):
                self.stats.record(op, elapsed, None, refused=True)
            else:
                self.stats.record(op, elapsed, f"{data.get('name')}: {message[:120]}")
            return None
        self.stats.record(op, elapsed, None)
        return body["result"]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = defaultdict(list)
        self.refused = defaultdict(int)
        self.created = {"customer.complaint": set(), "customer.followup": set()}

    def record(self, op, elapsed, error, refused=False):
        with self.lock:
            self.latency[op].append(elapsed)
            if error:
                self.errors[op].append(error)
            if refused:
                self.refused[op] += 1

    def created_ids(self, model, ids):
        with self.lock:
            self.created[model].update(ids)


def agent_loop(client, data, args, stop_at, tag, rng):
    today = date.today()
    mine = {"customer.complaint": [], "customer.followup": []}
    ctx = {"complaint_force_new": True}
    for _request in range(args.max_requests):
        if time.monotonic() >= stop_at:
            return
        customer = rng.choice(data["customers"])
        roll = rng.random()
        if roll < 0.30 or not mine["customer.complaint"]:
            received = datetime.utcnow() - timedelta(days=rng.choice([0, 2, 9]))
            result = client.call(
                "complaint create",
                "customer.complaint",
                "create",
                [
                    {
                        "subject": f"{tag} spindle overheats",
                        "partner_id": customer,
                        "category_id": rng.choice(data["categories"]),
                        "severity": rng.choice(["normal", "normal", "major"]),
                        "date_received": received.strftime("%Y-%m-%d %H:%M:%S"),
                    }
                ],
                {"context": ctx},
            )
            if result:
                ids = result if isinstance(result, list) else [result]
                client.stats.created_ids("customer.complaint", ids)
                mine["customer.complaint"] += ids
        elif roll < 0.50:
            complaint = rng.choice(mine["customer.complaint"])
            client.call(
                "complaint update",
                "customer.complaint",
                "write",
                [
                    [complaint],
                    rng.choice(
                        [
                            {"severity": "major"},
                            {"description": f"<p>{tag} called back</p>"},
                            {"handler_id": False},
                        ]
                    ),
                ],
            )
        elif roll < 0.75 or not mine["customer.followup"]:
            result = client.call(
                "visit create",
                "customer.followup",
                "create",
                [
                    {
                        "partner_id": customer,
                        "name": f"{tag} visit",
                        "date_planned": str(today + timedelta(days=rng.randint(0, 30))),
                        "channel": rng.choice(["phone", "onsite", "email"]),
                    }
                ],
            )
            if result:
                ids = result if isinstance(result, list) else [result]
                client.stats.created_ids("customer.followup", ids)
                mine["customer.followup"] += ids
        elif roll < 0.90:
            visit = mine["customer.followup"].pop(
                rng.randrange(len(mine["customer.followup"]))
            )
            client.call(
                "visit done",
                "customer.followup",
                "write",
                [
                    [visit],
                    {
                        "state": "done",
                        "satisfaction": str(rng.randint(1, 5)),
                        "result_notes": "Customer satisfied",
                        "next_action": f"{tag} next call",
                        "next_action_date": str(today + timedelta(days=60)),
                    },
                ],
            )
        else:
            client.call(
                "complaint list",
                "customer.complaint",
                "web_search_read",
                [],
                {
                    "domain": [],
                    "specification": {"name": {}, "subject": {}, "state": {}},
                    "limit": 80,
                },
            )


def trigger_loop(url, db, data, stop_at, stats, rng):
    """Start the jobs by hand from the HTTP workers while the cron worker runs
    them: the second of two runs is refused by the job lock."""
    client = Client(url, "admin", stats, db)
    while time.monotonic() < stop_at:
        cron = rng.choice(data["crons"])
        client.call("job trigger", "ir.cron", "method_direct_trigger", [[cron]])
        time.sleep(rng.uniform(0.5, 2.0))


# ------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------


def check(args, stats, tag):
    from odoo.modules.registry import Registry

    registry = Registry(args.db)
    results = []
    with registry.cursor() as cr:

        def one(query, params=None):
            cr.execute(query, params)
            return cr.fetchone()[0]

        for model, table, like in (
            ("customer.complaint", "customer_complaint", f"{tag} %"),
            ("customer.followup", "customer_followup", f"{tag} visit"),
        ):
            told = stats.created[model]
            column = "subject" if table == "customer_complaint" else "name"
            in_db = one(
                f"SELECT COUNT(*) FROM {table} WHERE {column} LIKE %s",  # noqa: S608
                [like],
            )
            found = one(
                f"SELECT COUNT(*) FROM {table} WHERE id = ANY(%s)",  # noqa: S608
                [list(told)],
            )
            results.append(
                (f"{model}: created (clients) = rows in DB", len(told), in_db)
            )
            results.append((f"{model}: every created id exists", len(told), found))
        dup_steps = one(
            """
            SELECT COUNT(*) FROM (
                SELECT res_id, split_part(body, ';', 1)
                  FROM mail_message
                 WHERE model = 'customer.complaint' AND body LIKE '%%Escalation:%%'
                 GROUP BY 1, 2 HAVING COUNT(*) > 1) d
            """
        )
        results.append(("escalation steps taken twice", 0, dup_steps))
        escalated = one(
            "SELECT COUNT(*) FROM mail_message WHERE model = 'customer.complaint' "
            "AND body LIKE '%%Escalation:%%'"
        )
        results.append(("escalation notes (for information)", None, escalated))
        dup_rule = one(
            """
            SELECT COUNT(*) FROM (
                SELECT partner_id, rule_id FROM customer_followup
                 WHERE state = 'planned' AND rule_id IS NOT NULL
                 GROUP BY 1, 2 HAVING COUNT(*) > 1) d
            """
        )
        results.append(("customers with 2 planned visits of a rule", 0, dup_rule))
        dup_campaign = one(
            """
            SELECT COUNT(*) FROM (
                SELECT partner_id, campaign_key FROM customer_followup
                 WHERE campaign_key IS NOT NULL
                 GROUP BY 1, 2 HAVING COUNT(*) > 1) d
            """
        )
        results.append(("visits repeated in a care campaign", 0, dup_campaign))
        dup_next = one(
            """
            SELECT COUNT(*) FROM (
                SELECT next_followup_id FROM customer_followup
                 WHERE next_followup_id IS NOT NULL
                 GROUP BY 1 HAVING COUNT(*) > 1) d
            """
        )
        results.append(("visits with a shared next visit", 0, dup_next))
        done_without_next = one(
            """
            SELECT COUNT(*) FROM customer_followup
             WHERE name LIKE %s AND state = 'done' AND next_followup_id IS NULL
            """,
            [f"{tag} visit"],
        )
        results.append(
            ("done visits whose next visit is missing", 0, done_without_next)
        )
        generated = one(
            "SELECT COUNT(*) FROM customer_followup WHERE rule_id IS NOT NULL"
        )
        results.append(
            ("visits planned by the rules (for information)", None, generated)
        )
        never = one(
            """
            SELECT COUNT(*) FROM res_partner
             WHERE name LIKE 'Bench Customer %%' AND parent_id IS NULL
               AND planning_values_date IS NULL
            """
        )
        results.append(("customers never classified", 0, never))
        unfinished = one(
            """
            SELECT COUNT(*) FROM customer_planning_job
             WHERE pass_date IS DISTINCT FROM CURRENT_DATE OR NOT finished
            """
        )
        results.append(("jobs whose pass of today is not over", 0, unfinished))
    return results


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(args, stats, wall, results):
    lines = [
        f"{args.clients} clients, {wall:.0f} s, Odoo --workers=2 --max-cron-threads=1, "
        f"{args.customers:,} customers, {5 * args.customers:,} opportunities",
        "",
        "| operation | requests | errors | refused (job lock) | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    everything = []
    for op in sorted(stats.latency):
        values = stats.latency[op]
        everything += values
        lines.append(
            f"| {op} | {len(values)} | {len(stats.errors[op])} | "
            f"{stats.refused[op]} | {1000 * statistics.median(values):.0f} | "
            f"{1000 * percentile(values, 0.95):.0f} |"
        )
    errors = sum(len(v) for v in stats.errors.values())
    lines.append(
        f"| **all** | {len(everything)} | {errors} | {sum(stats.refused.values())} | "
        f"{1000 * statistics.median(everything):.0f} | "
        f"{1000 * percentile(everything, 0.95):.0f} |"
    )
    lines.append(f"\nThroughput: {len(everything) / wall:.1f} requests/s.\n")
    lines += ["| check | expected | found | ok |", "| --- | ---: | ---: | --- |"]
    failed = bool(errors)
    for name, expected, found in results:
        ok = expected is None or expected == found
        failed |= not ok
        lines.append(
            f"| {name} | {'' if expected is None else expected} | {found} | "
            f"{'yes' if ok else '**NO**'} |"
        )
    for op, messages in stats.errors.items():
        for message in sorted(set(messages))[:5]:
            lines.append(f"\n- error in {op}: {message}")
    print("\n".join(lines))
    return failed


def main():
    args = parse_args()
    data = prepare_database(args)
    tag = f"Load{int(time.time())}"
    stats = Stats()
    server, url, log = start_server(args)
    print(f"Odoo on {url} (log: {log})", file=sys.stderr, flush=True)
    try:
        clients = [Client(url, login, stats, args.db) for login in data["agents"]]
        start = time.monotonic()
        stop_at = start + args.duration
        threads = [
            threading.Thread(
                target=agent_loop,
                args=(client, data, args, stop_at, tag, random.Random(index)),
            )
            for index, client in enumerate(clients)
        ]
        threads += [
            threading.Thread(
                target=trigger_loop,
                args=(url, args.db, data, stop_at, stats, random.Random(100 + index)),
            )
            for index in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + 300)
        wall = time.monotonic() - start
    finally:
        stop_server(server)
    finish_jobs(args)
    results = check(args, stats, tag)
    failed = report(args, stats, wall, results)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
