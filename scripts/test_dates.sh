#!/usr/bin/env bash
# `make test-dates`: the whole suite at the dates where date rules break, each
# run with PostgreSQL, Odoo and the tests under that clock (`make test TODAY=…`).
#   scripts/test_dates.sh            the rotating subset of the day (CI): 3 dates
#   scripts/test_dates.sh all        every date below
#   scripts/test_dates.sh 2027-02-05T20:00 ...   the dates given
# Times are local to Asia/Shanghai. Today itself is `make test` without TODAY.
source "$(dirname "$0")/lib.sh"

# date (Asia/Shanghai) | why
DATES=(
    "2027-03-01T09:00" # the 1st of a month (a Monday): "this month" has one day
    "2027-04-30T17:30" # the last day of a month (a Friday, after work)
    "2026-12-31T23:30" # New Year's Eve, 23:30 in Beijing (15:30 UTC)
    "2027-01-01T00:30" # 1 Jan 00:30 in Beijing, still 31 Dec (16:30) in UTC
    "2028-02-29T10:00" # a leap day
    "2027-01-08T16:00" # a Friday 16:00: the weekly service report
    "2027-02-05T20:00" # the eve of the Spring Festival (除夕)
    "2027-02-06T10:00" # the first day of the Spring Festival (春节, a Saturday)
    "2027-01-09T11:00" # a Saturday: reply deadlines on the working calendar
)
PER_RUN=${PER_RUN:-3}

pick() { # the subset of the day: PER_RUN dates, every date within a few days
    local n=${#DATES[@]} day k
    day=$(($(date -u +%s) / 86400))
    for ((k = 0; k < PER_RUN; k++)); do
        echo "${DATES[$(((day * PER_RUN + k) % n))]%% *}"
    done
}

if [ "${1:-}" = all ]; then
    mapfile -t chosen < <(printf '%s\n' "${DATES[@]}" | cut -d' ' -f1)
elif [ $# -gt 0 ]; then
    chosen=("$@")
else
    mapfile -t chosen < <(pick)
fi

# A run that hangs fails after this many seconds, and the next date still runs.
RUN_TIMEOUT=${RUN_TIMEOUT:-1800}

failed=()
for when in "${chosen[@]}"; do
    say "=== the suite at $when (Asia/Shanghai) ==="
    started=$SECONDS
    if TODAY=$when TEST_SCOPE=suite timeout -k 30 "$RUN_TIMEOUT" "$ROOT/scripts/test.sh"; then
        say "=== passed at $when ($((SECONDS - started)) s) ==="
    else
        failed+=("$when")
        say "=== FAILED at $when ($((SECONDS - started)) s) ==="
        pkill -f -- "$VAR_DIR/at-$(printf '%s' "$when" | tr -c 'A-Za-z0-9\n' '-')/" || true
    fi
    TODAY=$when "$ROOT/scripts/pg.sh" stop
done
[ ${#failed[@]} = 0 ] || die "the suite failed at: ${failed[*]}"
say "the suite passed at: ${chosen[*]}"
