#!/usr/bin/env bash
# Everything `make run` and `make test` share: Odoo importable, the private
# PostgreSQL cluster running, the addons folder and the Odoo configuration file.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/ensure_odoo.sh"
if [ -n "$TODAY" ] && [ ! -f "$LIBFAKETIME" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "apt-get install libfaketime (to run at TODAY=$TODAY)"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfaketime faketime >/dev/null
    fi
    [ -f "$LIBFAKETIME" ] || die "libfaketime is missing (Debian: apt-get install libfaketime): needed to run at TODAY=$TODAY"
fi
"$ROOT/scripts/pg.sh" start
eval "$("$ROOT/scripts/pg.sh" env)"

# Odoo finds an addon by its folder name: link the checkout under its technical name.
mkdir -p "$VAR_DIR/addons" "$VAR_DIR/data"
ln -sfn "$ROOT" "$VAR_DIR/addons/$MODULE"

master=$VAR_DIR/master_password
[ -s "$master" ] || (umask 077 && "$PYTHON" -c "import secrets; print(secrets.token_urlsafe(24))" >"$master")

cat >"$ODOO_CONF" <<CONF
[options]
db_host = $PGHOST
db_port = $PGPORT
db_user = $DB_USER
db_password = False
addons_path = $(odoo_addons_path),$VAR_DIR/addons
data_dir = $VAR_DIR/data
http_interface = 127.0.0.1
http_port = $HTTP_PORT
gevent_port = $((HTTP_PORT + 3))
admin_passwd = $(cat "$master")
list_db = False
max_cron_threads = 1
; queue_job (OCA) runs the nightly passes: loaded server-wide, its job runner
; starts with the server (not with --stop-after-init) and hands the jobs of the
; channels below to this server's HTTP port. See readme/CONFIGURE.md.
server_wide_modules = base,web,queue_job

[queue_job]
; root: jobs at once on this database; root.customer_planning: the addon's
; nightly batches (QUEUE_JOB_CAPACITY, PLANNING_JOB_CAPACITY).
channels = root:$QUEUE_JOB_CAPACITY,root.customer_planning:$PLANNING_JOB_CAPACITY
CONF
