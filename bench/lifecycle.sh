#!/usr/bin/env bash
# Lifecycle of the addon on real databases, each step checked:
#   1. install with demo data, count the rows of every table of the addon;
#   2. upgrade (-u): the same counts, and a log without warnings or errors;
#   3. uninstall: no trace left in core tables (models, fields, data, columns,
#      views, rules, crons), the core modules upgrade cleanly afterwards;
#   4. install again;
#   5. install together with Sales (sale);
#   6. install without demo data with Chinese (zh_CN) loaded.
# Prints a Markdown table; exits non-zero when a step fails.
# Usage: VAR_DIR=/tmp/var-x HTTP_PORT=8869 bench/lifecycle.sh
source "$(dirname "$0")/../scripts/lib.sh"
"$ROOT/scripts/prepare.sh" >&2
eval "$("$ROOT/scripts/pg.sh" env)"
LOG_DIR=$VAR_DIR/log/lifecycle
mkdir -p "$LOG_DIR"
DB=${LIFECYCLE_DB:-lc_${MODULE}}
ROWS=()
FAILED=0

row() { # row STEP RESULT DETAIL
    ROWS+=("| $1 | $2 | $3 |")
    [ "$2" = pass ] || FAILED=1
    say "$1: $2 ($3)"
}

odoo_run() { # odoo_run DB LOG [args...]: a one-shot Odoo run, its log checked
    local db=$1 log=$2
    shift 2
    rm -f "$log"
    odoo_cmd -c "$ODOO_CONF" -d "$db" --stop-after-init --no-http --log-level=info \
        --logfile="$log" "$@"
}

log_problems() { # the WARNING/ERROR lines of a log, less Odoo's own root warning
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1" |
        grep -v 'running as user .root.' || true
}

step() { # step NAME LOG COMMAND...: run, then judge by exit code and log
    local name=$1 log=$2
    shift 2
    if "$@"; then
        local bad
        bad=$(log_problems "$log")
        if [ -z "$bad" ]; then
            return 0
        fi
        row "$name" fail "warnings in $(basename "$log"): $(echo "$bad" | head -2 | cut -c1-160 | tr '\n' ' ')"
        return 1
    fi
    row "$name" fail "exit code, see $log"
    return 1
}

counts() { # counts DB: "table=rows" of every table of the addon's models
    psql -d "$1" -Atc "
        SELECT string_agg(format('%s=%s', t.relname, t.n), ' ' ORDER BY t.relname)
          FROM (SELECT c.relname,
                       (xpath('/row/n/text()', query_to_xml(
                            format('SELECT COUNT(*) AS n FROM %I', c.relname),
                            false, true, '')))[1]::text::int AS n
                  FROM pg_class c
                 WHERE c.relkind = 'r'
                   AND (c.relname LIKE 'customer\_%' OR c.relname LIKE 'crm\_lead\_%'
                        OR c.relname LIKE 'crm\_qualification\_%')
                   AND c.relname NOT LIKE '%\_rel') t"
}

values_digest() { # a digest of the addon's data in core tables
    psql -d "$1" -Atc "
        SELECT md5(string_agg(format('%s/%s/%s/%s', id, customer_tier_id,
                                     potential_value, planning_values_date), ',' ORDER BY id))
          FROM res_partner WHERE customer_tier_id IS NOT NULL OR potential_value > 0"
}

leftovers() { # leftovers DB: what the addon left in core tables after uninstall
    psql -d "$1" -Atc "
        SELECT 'ir_model_data ' || COUNT(*) FROM ir_model_data WHERE module = '$MODULE'
        UNION ALL SELECT 'ir_model ' || COUNT(*) FROM ir_model
         WHERE model LIKE 'customer.%' OR model LIKE 'crm.lead.qualif%'
            OR model IN ('crm.lead.contact', 'crm.lead.competitor',
                         'crm.qualification.criterion', 'crm.competitor.report',
                         'customer.planning.input.mixin')
        UNION ALL SELECT 'ir_model_fields ' || COUNT(*) FROM ir_model_fields f
         WHERE f.model IN ('res.partner', 'crm.lead', 'res.company', 'crm.stage')
           AND f.name IN ('potential_value', 'customer_tier_id', 'qualification_verdict',
                          'complaint_general_manager_id', 'required_qualification_step')
        UNION ALL SELECT 'columns ' || COUNT(*) FROM information_schema.columns
         WHERE table_name IN ('res_partner', 'crm_lead', 'res_company')
           AND column_name IN ('potential_value', 'customer_tier_id', 'current_value',
                               'complaint_general_manager_id', 'planning_values_date')
        UNION ALL SELECT 'tables ' || COUNT(*) FROM pg_class
         WHERE relkind IN ('r', 'v') AND (relname LIKE 'customer\_%'
               OR relname LIKE 'crm\_lead\_qualif%' OR relname = 'crm_competitor_report')
        UNION ALL SELECT 'indexes ' || COUNT(*) FROM pg_indexes
         WHERE tablename IN ('res_partner', 'crm_lead') AND indexname LIKE '%planning%'
        UNION ALL SELECT 'views ' || COUNT(*) FROM ir_ui_view
         WHERE arch_db::text LIKE '%customer_tier_id%' OR arch_db::text LIKE '%potential_value%'
        UNION ALL SELECT 'rules ' || COUNT(*) FROM ir_rule r
          LEFT JOIN ir_model m ON m.id = r.model_id WHERE m.id IS NULL
        UNION ALL SELECT 'crons ' || COUNT(*) FROM ir_cron c
          JOIN ir_act_server a ON a.id = c.ir_actions_server_id
         WHERE a.code LIKE '%_cron_recompute_customer_values%'
            OR a.code LIKE '%_cron_escalate_complaints%'
        UNION ALL SELECT 'groups ' || COUNT(*) FROM res_groups
         WHERE name->>'en_US' IN ('Service Agent', 'Service Manager', 'General Manager')"
}

say "lifecycle of $MODULE on $DB"
dropdb --if-exists "$DB"

# 1. Install with demo data.
if step "install (demo data)" "$LOG_DIR/1-install.log" \
    odoo_run "$DB" "$LOG_DIR/1-install.log" -i "$MODULE"; then
    before=$(counts "$DB")
    digest_before=$(values_digest "$DB")
    row "install (demo data)" pass "$(echo "$before" | wc -w) tables, $(echo "$before" | tr ' ' '\n' | awk -F= '{s+=$2} END {print s}') rows"
fi

# 2. Upgrade keeps the data.
if step "upgrade (-u)" "$LOG_DIR/2-upgrade.log" \
    odoo_run "$DB" "$LOG_DIR/2-upgrade.log" -u "$MODULE"; then
    after=$(counts "$DB")
    digest_after=$(values_digest "$DB")
    if [ "$before" = "$after" ] && [ "$digest_before" = "$digest_after" ]; then
        row "upgrade (-u)" pass "same row counts in every table; customers' values and tiers unchanged"
    else
        row "upgrade (-u)" fail "counts before: $before / after: $after"
    fi
fi

# 3. Uninstall, then look for traces; the core modules must still upgrade.
uninstall() {
    rm -f "$LOG_DIR/3-uninstall.log"
    odoo_cmd shell -c "$ODOO_CONF" -d "$DB" --no-http --log-level=info \
        --logfile="$LOG_DIR/3-uninstall.log" <<PY
module = env["ir.module.module"].search([("name", "=", "$MODULE")])
module.button_immediate_uninstall()
env.cr.commit()
PY
}
if step "uninstall" "$LOG_DIR/3-uninstall.log" uninstall; then
    state=$(psql -d "$DB" -Atc "SELECT state FROM ir_module_module WHERE name = '$MODULE'")
    left=$( (leftovers "$DB" | grep -v ' 0$' || true) | tr '\n' ' ')
    if [ "$state" = uninstalled ] && [ -z "$left" ]; then
        row "uninstall" pass "module uninstalled; no model, field, column, table, index, view, rule, cron, group or xml id left"
    else
        row "uninstall" fail "state $state; left: $left"
    fi
    if step "core modules after uninstall (-u crm,contacts,mail)" "$LOG_DIR/3-core.log" \
        odoo_run "$DB" "$LOG_DIR/3-core.log" -u crm,contacts,mail,portal; then
        row "core modules after uninstall (-u crm,contacts,mail,portal)" pass "views and data of core modules load without a warning"
    fi
fi

# 4. Install again.
if step "install again" "$LOG_DIR/4-reinstall.log" \
    odoo_run "$DB" "$LOG_DIR/4-reinstall.log" -i "$MODULE"; then
    again=$(counts "$DB")
    row "install again" pass "$(echo "$again" | tr ' ' '\n' | awk -F= '{s+=$2} END {print s}') rows (demo data loaded again)"
fi
dropdb --if-exists "$DB"

# 5. With Sales.
dropdb --if-exists "${DB}_sale"
if step "install with sale" "$LOG_DIR/5-sale.log" \
    odoo_run "${DB}_sale" "$LOG_DIR/5-sale.log" -i "sale,$MODULE"; then
    linked=$(psql -d "${DB}_sale" -Atc "SELECT COUNT(*) FROM ir_module_module WHERE name IN ('sale', '$MODULE') AND state = 'installed'")
    if [ "$linked" = 2 ]; then
        row "install with sale" pass "sale and the addon installed with demo data, no warning"
    else
        row "install with sale" fail "$linked of 2 modules installed"
    fi
fi
dropdb --if-exists "${DB}_sale"

# 6. Without demo data, Chinese loaded.
dropdb --if-exists "${DB}_zh"
if step "install without demo, zh_CN loaded" "$LOG_DIR/6-zh.log" \
    odoo_run "${DB}_zh" "$LOG_DIR/6-zh.log" -i "$MODULE" --without-demo=all \
    --load-language=zh_CN; then
    lang=$(psql -d "${DB}_zh" -Atc "SELECT COUNT(*) FROM res_lang WHERE code = 'zh_CN' AND active")
    if [ "$lang" = 1 ]; then
        row "install without demo, zh_CN loaded" pass "zh_CN active, no warning"
    else
        row "install without demo, zh_CN loaded" fail "zh_CN not active"
    fi
fi
dropdb --if-exists "${DB}_zh"

echo
echo "| step | result | detail |"
echo "| --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
exit $FAILED
