#!/usr/bin/env bash
# make mutants: break the rules that matter one at a time (scripts/mutants.py)
# and check that the suite notices each. Installs the addon into its own
# database first (without demo data, as the tests want it).
#   MUTANT="breach" make mutants   runs the mutants whose name holds the word
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/prepare.sh"
eval "$("$ROOT/scripts/pg.sh" env)"
DB=${TEST_DB}_mutants
LOG_DIR=$VAR_DIR/log/mutants
mkdir -p "$LOG_DIR"
say "installing $MODULE into $DB (no demo)"
dropdb --if-exists "$DB"
rm -rf "$VAR_DIR/data/filestore/$DB"
odoo_cmd -c "$ODOO_CONF" -d "$DB" -i "$MODULE" --stop-after-init --no-http \
    --without-demo=all --log-level=warn --logfile="$LOG_DIR/install.log" ||
    die "install failed: see $LOG_DIR/install.log"
say "running the mutants (logs: $LOG_DIR)"
"$PYTHON" "$ROOT/scripts/mutants.py" --config "$ODOO_CONF" --database "$DB" \
    --logs "$LOG_DIR" ${MUTANT:+--only "$MUTANT"}
