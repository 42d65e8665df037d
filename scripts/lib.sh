# shellcheck shell=bash
# Shared settings and helpers for the project's make targets. Sourced, never run.
# Everything lives below $VAR_DIR (ignored by git): the PostgreSQL cluster, the Odoo
# configuration, the filestore and the addons folder that makes the checkout
# importable as `odoo.addons.crm_customer_planning`, whatever the checkout is called.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=crm_customer_planning
PYTHON=${PYTHON:-python3}
VAR_DIR=${VAR_DIR:-$ROOT/.var}
DB_NAME=${DB_NAME:-$MODULE}
TEST_DB=${TEST_DB:-${MODULE}_test}
HTTP_PORT=${HTTP_PORT:-8069}
PG_PORT=5432 # only names the Unix socket: the cluster listens on no TCP address
DB_USER=odoo
# queue_job's channels (scripts/prepare.sh): jobs at once in all, and of the
# addon's nightly batches (channel root.customer_planning).
QUEUE_JOB_CAPACITY=${QUEUE_JOB_CAPACITY:-2}
PLANNING_JOB_CAPACITY=${PLANNING_JOB_CAPACITY:-$QUEUE_JOB_CAPACITY}

# TODAY: run the whole stack at another moment, e.g. `make test TODAY=2027-02-28T16:30`
# (a local time in Asia/Shanghai, our users' timezone). PostgreSQL, Odoo and the
# test run then all run under that clock (Debian's libfaketime), so that SQL now()
# and Python now() agree: one offset from the real clock, computed once per TODAY
# and passed down to every script and process of the run, so their clocks tick
# together from TODAY on. Such a run keeps its own cluster and databases in
# $VAR_DIR/at-<TODAY>. Python processes load scripts/faketime/sitecustomize.py
# (what libfaketime breaks in Python, and the browser's clock); see there.
TODAY=${TODAY:-}
LIBFAKETIME=${LIBFAKETIME:-/usr/lib/$(uname -m)-linux-gnu/faketime/libfaketime.so.1}
FAKE_OFFSET=
if [ -n "$TODAY" ]; then
    if [ "${PLANNING_CLOCK:-}" != "$TODAY="* ]; then
        offset=$("$PYTHON" - "$TODAY" <<'PY'
import sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
try:
    local = datetime.fromisoformat(sys.argv[1])
except ValueError:
    sys.exit(f"TODAY={sys.argv[1]!r} is not a date or a date and time (2027-02-28T16:30)")
if local.tzinfo is None:
    local = local.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
print(round(local.timestamp() - time.time()))
PY
) || exit 1
        export PLANNING_CLOCK="$TODAY=$offset"
    fi
    FAKE_OFFSET=${PLANNING_CLOCK#"$TODAY="}
    [[ $FAKE_OFFSET == -* ]] || FAKE_OFFSET=+$FAKE_OFFSET # libfaketime: "+Ns" / "-Ns"
    VAR_DIR=$VAR_DIR/at-$(printf '%s' "$TODAY" | tr -c 'A-Za-z0-9\n' '-')
fi
ODOO_CONF=$VAR_DIR/odoo.conf

# clocked CMD...: run CMD under $TODAY's clock (as it is without TODAY). Only the
# wall clock moves: a faked monotonic clock makes timed waits hang, and
# libfaketime's "monotonic fix" turns every wait of Python's GIL into a busy
# switch between threads (two busy threads ran 100 times slower; the tours timed
# out while the server built its assets).
clocked() {
    if [ -n "$FAKE_OFFSET" ]; then
        FAKETIME="${FAKE_OFFSET}s" FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 \
            LD_PRELOAD="$LIBFAKETIME" \
            PLANNING_CLOCK_OFFSET="$FAKE_OFFSET" \
            PYTHONPATH="$ROOT/scripts/faketime${PYTHONPATH:+:$PYTHONPATH}" "$@"
    else
        "$@"
    fi
}

say() { printf '[%s] %s\n' "$MODULE" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$MODULE" "$*" >&2; exit 1; }

odoo_importable() { "$PYTHON" -c "import odoo.release as r; assert r.version_info[0] == 18" >/dev/null 2>&1; }

# Odoo's own addons folders: odoo/addons always; the source tree's top-level
# addons/ only when odoo/addons lacks the applications (official git layout).
odoo_addons_path() {
    "$PYTHON" - <<'PY'
import os, odoo
pkg = os.path.dirname(odoo.__file__)
paths = [os.path.join(pkg, "addons")]
top = os.path.join(os.path.dirname(pkg), "addons")
if not os.path.isdir(os.path.join(paths[0], "crm")) and os.path.isdir(os.path.join(top, "crm")):
    paths.insert(0, top)
print(",".join(paths))
PY
}

odoo_cmd() { clocked "$PYTHON" -m odoo "$@"; }
