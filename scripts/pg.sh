#!/usr/bin/env bash
# A private PostgreSQL cluster for this checkout: `pg.sh start|stop|status|env`.
# It lives in $VAR_DIR/pg (ignored by git), listens on a Unix socket only, trusts
# only the local user, and needs no system service. As root the server runs as an
# unprivileged user (PostgreSQL refuses root): `postgres` if it exists, else one
# made for it.
source "$(dirname "$0")/lib.sh"

find_pg_bin() {
    local d
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r) /usr/local/pgsql/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
    return 1
}

PG_BIN=$(find_pg_bin) || {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "PostgreSQL server binaries not found: apt-get install postgresql"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        PG_BIN=$(find_pg_bin) || die "PostgreSQL server binaries (initdb, pg_ctl) not found"
    else
        die "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL (Debian: postgresql)"
    fi
}

# Who runs the server, and where its files live.
RUN_AS=()
PG_DIR=$VAR_DIR/pg
if [ "$(id -u)" = 0 ]; then
    PG_OS_USER=${PG_OS_USER:-postgres}
    if ! id "$PG_OS_USER" >/dev/null 2>&1; then
        PG_OS_USER=odoo-pg
        id "$PG_OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
    fi
    RUN_AS=(runuser -u "$PG_OS_USER" --)
fi
mkdir -p "$VAR_DIR"
if [ ! -L "$PG_DIR" ] && [ ! -d "$PG_DIR" ]; then
    # The server user must reach the folder, and a socket path is at most 107 bytes.
    mkdir -p "$PG_DIR"
    if { [ ${#RUN_AS[@]} -gt 0 ] && ! "${RUN_AS[@]}" test -x "$PG_DIR"; } || [ ${#PG_DIR} -gt 80 ]; then
        rmdir "$PG_DIR"
        alt=${TMPDIR:-/tmp}/$MODULE-pg-$(printf '%s' "$VAR_DIR" | md5sum | cut -c1-10)
        mkdir -p "$alt"
        ln -s "$alt" "$PG_DIR"
    fi
fi
PG_DIR=$(cd "$PG_DIR" && pwd -P)
PGDATA=$PG_DIR/data
PGSOCK=$PG_DIR/run
[ ${#RUN_AS[@]} -gt 0 ] && chown "$PG_OS_USER" "$PG_DIR"

pg() { "${RUN_AS[@]}" "$PG_BIN/$1" "${@:2}"; }

start() {
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        say "initdb $PGDATA"
        pg initdb -D "$PGDATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
            pg initdb -D "$PGDATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 ||
            die "initdb failed: see $PG_DIR/initdb.log"
        cat >>"$PGDATA/postgresql.conf" <<CONF
# $MODULE private development cluster: Unix socket only
listen_addresses = ''
unix_socket_directories = '$PGSOCK'
port = $PG_PORT
synchronous_commit = off
max_connections = 200
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
CONF
    fi
    mkdir -p "$PGSOCK"
    [ ${#RUN_AS[@]} -gt 0 ] && chown "$PG_OS_USER" "$PGSOCK"
    chmod 700 "$PGSOCK"
    # A server started for an earlier run at TODAY has another clock than this
    # run's: restart it, so that SQL now() and Python now() agree.
    local clock=${PLANNING_CLOCK:-real}
    if pg pg_ctl -D "$PGDATA" status >/dev/null 2>&1 && [ "$(cat "$PG_DIR/clock" 2>/dev/null)" != "$clock" ]; then
        pg pg_ctl -D "$PGDATA" -m fast stop >/dev/null
    fi
    if ! pg pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
        [ -z "$TODAY" ] || say "PostgreSQL starts at $TODAY (Asia/Shanghai): the real clock ${FAKE_OFFSET}s"
        clocked "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null ||
            die "PostgreSQL did not start: see $PG_DIR/server.log"
        echo "$clock" >"$PG_DIR/clock"
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) pg pg_ctl -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true ;;
    status) pg pg_ctl -D "$PGDATA" status ;;
    env) # for `eval "$(scripts/pg.sh env)"`: psql, createdb, ... reach the cluster
        echo "export PGHOST='$PGSOCK' PGPORT=$PG_PORT PGUSER=$DB_USER PG_BIN='$PG_BIN'" ;;
    *) die "usage: pg.sh start|stop|status|env" ;;
esac
