#!/usr/bin/env bash
# Refresh the translations in i18n/ after a change of strings:
#   scripts/i18n_export.sh        install the addon with demo data into a fresh
#                                 database ${MODULE}_i18n and export from it
#   scripts/i18n_export.sh DB     update the addon in DB (with demo data) and export from it
# writes i18n/crm_customer_planning.pot, merges it into i18n/zh_CN.po (new msgids
# come in empty, unused ones go) and lists the msgids left to translate. `make test`
# fails until none is left (scripts/check_i18n.py).
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
eval "$("$ROOT/scripts/pg.sh" env)"

db=${1:-${MODULE}_i18n}
if [ -z "${1:-}" ]; then
    say "installing $MODULE with demo data into a fresh database $db"
    dropdb --if-exists "$db"
    rm -rf "$VAR_DIR/data/filestore/$db"
    odoo_cmd -c "$ODOO_CONF" -d "$db" -i "$MODULE" --stop-after-init --no-http --log-level=warn ||
        die "installing $MODULE into $db failed"
else
    say "updating $MODULE in $db"
    odoo_cmd -c "$ODOO_CONF" -d "$db" -u "$MODULE" --stop-after-init --no-http --log-level=warn ||
        die "updating $MODULE in $db failed"
fi

status=0
"$PYTHON" "$ROOT/scripts/check_i18n.py" --config "$ODOO_CONF" --database "$db" --update || status=$?
if command -v msgfmt >/dev/null; then
    msgfmt --check-format -o /dev/null "$ROOT/i18n/zh_CN.po" || die "msgfmt --check-format failed on i18n/zh_CN.po"
fi
exit $status
