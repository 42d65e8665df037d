#!/usr/bin/env bash
# `make bench`: time the set-based jobs on synthetic data (bench/bench.py --help).
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
eval "$("$ROOT/scripts/pg.sh" env)"
exec "$PYTHON" "$ROOT/bench/bench.py" --config "$ODOO_CONF" "$@"
