#!/usr/bin/env bash
# `make test`: install the addon into fresh databases (with and without demo data,
# failing on any WARNING or ERROR it logs), then run the whole suite with
# pytest-odoo on the database without demo data.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
eval "$("$ROOT/scripts/pg.sh" env)"
LOG_DIR=$VAR_DIR/log
mkdir -p "$LOG_DIR"

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

say "installing $MODULE into $TEST_DB (no demo) and ${TEST_DB}_demo (demo data)"
install_db "$TEST_DB" "$LOG_DIR/install.log" --without-demo=all &
plain=$!
install_db "${TEST_DB}_demo" "$LOG_DIR/install_demo.log" &
demo=$!
status=0
wait $plain || { say "install without demo failed: see $LOG_DIR/install.log"; tail -30 "$LOG_DIR/install.log" >&2; status=1; }
wait $demo || { say "install with demo failed: see $LOG_DIR/install_demo.log"; tail -30 "$LOG_DIR/install_demo.log" >&2; status=1; }
[ $status = 0 ] || exit 1
check_log "$LOG_DIR/install.log" "without demo data" || status=1
check_log "$LOG_DIR/install_demo.log" "with demo data" || status=1
[ $status = 0 ] || exit 1
# The .pot is exported with demo data, as Odoo's own: check it on the demo database.
say "checking i18n/: the .pot up to date, every msgid translated into zh_CN"
"$PYTHON" "$ROOT/scripts/check_i18n.py" --config "$ODOO_CONF" --database "${TEST_DB}_demo" || exit 1
dropdb --if-exists "${TEST_DB}_demo"

# The browser tours need Chromium, the PDF reports wkhtmltopdf and a CJK font
# (Chinese prints as boxes without one): install them where we may, else stop
# clearly (a test that cannot run must fail, never pass as skipped).
missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
    command -v google-chrome >/dev/null || missing+=(chromium)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "apt-get install ${missing[*]} (browser tours, PDF reports)"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
            die "could not install ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"
    else
        die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) to run the tours and PDF tests"
    fi
fi

say "running the tests"
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
