#!/usr/bin/env bash
# `make run`: a demo database with the addon installed, served on 127.0.0.1.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
eval "$("$ROOT/scripts/pg.sh" env)"

# Chinese in the PDF reports needs a CJK font (without one it prints as boxes):
# install Debian's fonts-noto-cjk where we may, else say what is missing.
# No grep -q: under pipefail, grep quitting at the first match fails fc-list (SIGPIPE).
if ! fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "apt-get install fonts-noto-cjk (Chinese in the PDF reports)"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null ||
            say "could not install fonts-noto-cjk: Chinese PDFs will print as boxes"
    else
        say "no CJK font: Chinese PDFs print as boxes (Debian: apt-get install fonts-noto-cjk)"
    fi
fi

# A checksum of the addon's files: the database is upgraded when they changed.
sum_file=$VAR_DIR/$DB_NAME.addon.md5
addon_sum=$(cd "$ROOT" && find . -path ./.var -prune -o -path ./.git -prune -o -type f \
    \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.js' -o -name '*.json' \) \
    -print | sort | xargs md5sum | md5sum | cut -d' ' -f1)
installed=$(psql -d "$DB_NAME" -tAc "SELECT state FROM ir_module_module WHERE name = '$MODULE'" 2>/dev/null || true)
if [ "$installed" != "installed" ]; then
    # With Chinese loaded first, the demo's users and customers speak it
    # (demo/res_lang_demo.xml); each user may switch to English in their preferences.
    say "creating database $DB_NAME with demo data in Chinese and installing $MODULE (a few minutes)"
    odoo_cmd -c "$ODOO_CONF" -d "$DB_NAME" -i "$MODULE" --load-language=zh_CN --stop-after-init --log-level=warn ||
        die "installing $MODULE into $DB_NAME failed"
elif [ "$(cat "$sum_file" 2>/dev/null)" != "$addon_sum" ]; then
    say "the addon changed: upgrading $MODULE in $DB_NAME"
    odoo_cmd -c "$ODOO_CONF" -d "$DB_NAME" -u "$MODULE" --stop-after-init --log-level=warn ||
        die "upgrading $MODULE in $DB_NAME failed"
else
    say "reusing database $DB_NAME"
fi
echo "$addon_sum" >"$sum_file"
cat >&2 <<MSG
[$MODULE] Odoo serves http://127.0.0.1:$HTTP_PORT  (database $DB_NAME)
[$MODULE] demo login: admin / admin   (other demo users: see README.md)
MSG
exec "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DB_NAME" --db-filter="^$DB_NAME\$" ${ODOO_ARGS:-}
