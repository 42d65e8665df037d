#!/usr/bin/env bash
# `make test`, step by step (each step's time is printed at the end):
#   1. tests/__init__.py imports every tests/test_*.py (scripts/check_tests_init.py);
#   2. the wheel builds as OCA builds it and holds every file Odoo loads
#      (scripts/check_wheel.py);
#   3. install the addon into fresh databases, with and without demo data, failing
#      on any WARNING or ERROR it logs;
#   4. i18n/: the .pot up to date, zh_CN.po complete (scripts/check_i18n.py);
#   5. the whole suite with pytest-odoo on the database without demo data;
#   6. the whole suite again under Odoo's own runner (`odoo -i crm_customer_planning
#      --test-enable`, as runbot and OCA's CI run it) in a fresh database, judged
#      by scripts/check_odoo_tests.py.
# Switches:
#   PYTEST_ARGS="-k word"  passed to pytest; step 6 is then skipped unless ODOO_TESTS=1
#   ODOO_TESTS=0|1         skip / run step 6
#   TEST_SCOPE=suite       steps 3 (without demo only) and 5, nothing else (the date
#                          runs of scripts/test_dates.sh)
source "$(dirname "$0")/lib.sh"
TEST_SCOPE=${TEST_SCOPE:-all}
case $TEST_SCOPE in
all | suite) ;;
*) die "TEST_SCOPE=$TEST_SCOPE: say all (the default) or suite" ;;
esac
if [ -z "${ODOO_TESTS:-}" ]; then
    ODOO_TESTS=1
    [ -z "${PYTEST_ARGS:-}" ] || ODOO_TESTS=0
fi
[ "$TEST_SCOPE" = all ] || ODOO_TESTS=0
full() { [ "$TEST_SCOPE" = all ]; }

# Each step's wall time, printed when the script ends (passed or not).
STARTED=$(date +%s)
STEP=
STEP_STARTED=
TIMES=()
step() { # step TITLE: a new step begins (and the one before ends)
    step_end
    STEP=$1
    STEP_STARTED=$(date +%s)
    say "$STEP"
}
step_end() {
    if [ -n "$STEP" ]; then
        TIMES+=("$(printf '%6ss  %s' $(($(date +%s) - STEP_STARTED)) "$STEP")")
        STEP=
    fi
}
print_times() {
    local rc=$?
    step_end
    if [ ${#TIMES[@]} -gt 0 ]; then
        say "wall time of each step:"
        printf '%s\n' "${TIMES[@]}" >&2
        printf '%6ss  in all\n' $(($(date +%s) - STARTED)) >&2
    fi
    return $rc
}
trap print_times EXIT

if full; then
    step "checking that tests/__init__.py imports every test module"
    "$PYTHON" "$ROOT/scripts/check_tests_init.py" "$ROOT/tests"
fi

# No queue_job runner during the tests (queue_job reads this before its
# configuration): a test runs its jobs itself (queue_job's trap_jobs), and the
# passes' scheduled actions, finding no runner, run their batches inline.
export ODOO_QUEUE_JOB_CHANNELS=root:0

step "preparing Odoo, the PostgreSQL cluster and the configuration"
"$ROOT/scripts/prepare.sh"
eval "$("$ROOT/scripts/pg.sh" env)"
LOG_DIR=$VAR_DIR/log
mkdir -p "$LOG_DIR"

if full; then
    step "building the wheel (pyproject.toml, whool) and checking what it holds"
    "$PYTHON" "$ROOT/scripts/check_wheel.py"
fi

install_db() { # install_db DB LOG [odoo args...]
    local db=$1 log=$2
    shift 2
    dropdb --if-exists "$db"
    rm -rf "$VAR_DIR/data/filestore/$db" "$log"
    odoo_cmd -c "$ODOO_CONF" -d "$db" -i "$MODULE" --stop-after-init --no-http \
        --log-level=info --logfile="$log" "$@"
}

check_log() { # check_log LOG WHAT: no WARNING/ERROR/CRITICAL line at all
    local bad
    bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1" | grep -v "$ALLOWED_WARNINGS" || true)
    if [ -n "$bad" ]; then
        say "installing $2 logged warnings or errors:"
        printf '%s\n' "$bad" >&2
        return 1
    fi
}
# Warnings of Odoo itself that say nothing about this addon.
ALLOWED_WARNINGS='running as user .root.\|^$'

status=0
if full; then
    step "installing $MODULE into $TEST_DB (no demo) and ${TEST_DB}_demo (demo data)"
    install_db "${TEST_DB}_demo" "$LOG_DIR/install_demo.log" &
    demo=$!
else
    step "installing $MODULE into $TEST_DB (no demo)"
fi
install_db "$TEST_DB" "$LOG_DIR/install.log" --without-demo=all &
plain=$!
wait $plain || { say "install without demo failed: see $LOG_DIR/install.log"; tail -30 "$LOG_DIR/install.log" >&2; status=1; }
if full; then
    wait $demo || { say "install with demo failed: see $LOG_DIR/install_demo.log"; tail -30 "$LOG_DIR/install_demo.log" >&2; status=1; }
fi
[ $status = 0 ] || exit 1
check_log "$LOG_DIR/install.log" "without demo data" || status=1
if full; then
    check_log "$LOG_DIR/install_demo.log" "with demo data" || status=1
fi
[ $status = 0 ] || exit 1
if full; then
    # The .pot is exported with demo data, as Odoo's own: check it on the demo database.
    step "checking i18n/: the .pot up to date, every msgid translated into zh_CN"
    "$PYTHON" "$ROOT/scripts/check_i18n.py" --config "$ODOO_CONF" --database "${TEST_DB}_demo" || exit 1
    dropdb --if-exists "${TEST_DB}_demo"
fi

# The browser tours need Chromium, the PDF reports wkhtmltopdf and a CJK font
# (Chinese prints as boxes without one), the Chinese PDF test pdftotext
# (poppler-utils): install them where we may, else stop
# clearly (a test that cannot run must fail, never pass as skipped).
missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
    command -v google-chrome >/dev/null || missing+=(chromium)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
# pdftotext reads the Chinese PDF back (tests/test_account_plan.py).
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# No grep -q: under pipefail, grep quitting at the first match fails fc-list (SIGPIPE).
fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "apt-get install ${missing[*]} (browser tours, PDF reports)"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
            die "could not install ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"
    else
        die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) to run the tours and PDF tests"
    fi
fi

step "running the tests (pytest-odoo)"
cd "$ROOT"
set +e
PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" \
    clocked "$PYTHON" -m pytest -p no:cacheprovider -p pytest_addon_path -p pytest_clock -q -ra --no-header \
    --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=warn --junitxml="$LOG_DIR/junit.xml" \
    "$ROOT/tests" ${PYTEST_ARGS:-} 2>&1 | tee "$LOG_DIR/pytest.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || exit "$rc"
# A skipped test is not a passed one; and a run that collected nothing fails.
"$PYTHON" - "$LOG_DIR/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
tests, skipped = int(suite.get("tests")), int(suite.get("skipped"))
if not tests:
    sys.exit("[crm_customer_planning] ERROR: no test ran")
if skipped:
    sys.exit(f"[crm_customer_planning] ERROR: {skipped} test(s) skipped: a skipped test is not a passed one")
PY

if [ "$ODOO_TESTS" != 1 ]; then
    if full; then
        say "Odoo's own test runner: SKIPPED (ODOO_TESTS=${ODOO_TESTS}; PYTEST_ARGS=${PYTEST_ARGS:-})"
    fi
    exit 0
fi

# The same tests as runbot and OCA's CI run them: Odoo's runner collects only the
# modules tests/__init__.py imports, fails on any error logged, runs the classes
# in its own order and without pytest's fixtures.
ODOO_TEST_DB=${TEST_DB}_odoo
ODOO_TEST_LOG=$LOG_DIR/odoo_tests.log
step "running the tests under Odoo's own runner in $ODOO_TEST_DB (log: $ODOO_TEST_LOG)"
dropdb --if-exists "$ODOO_TEST_DB"
rm -rf "$VAR_DIR/data/filestore/$ODOO_TEST_DB" "$ODOO_TEST_LOG"
set +e
odoo_cmd -c "$ODOO_CONF" -d "$ODOO_TEST_DB" -i "$MODULE" --test-enable \
    --test-tags "/$MODULE" --stop-after-init --without-demo=all \
    --http-port $((HTTP_PORT + 1)) --log-level=info --logfile="$ODOO_TEST_LOG"
rc=$?
set -e
"$PYTHON" "$ROOT/scripts/check_odoo_tests.py" "$ODOO_TEST_LOG" || exit 1
[ "$rc" = 0 ] || die "Odoo's test runner exited with $rc: see $ODOO_TEST_LOG"
