#!/usr/bin/env bash
# `make lint`: the OCA checks without pre-commit (whose git-cloned hooks need
# GitHub), using tools from PyPI and npm only. Reports, never rewrites a file.
#   mandatory (make lint fails): ruff check, ruff format --check,
#       pylint-odoo with .pylintrc-mandatory, prettier --check on the XML files
#   advisory (printed only): pylint-odoo with .pylintrc
# Python tools are pip-installed into $PYTHON when missing or of another series;
# prettier and @prettier/plugin-xml go to $VAR_DIR/node_modules when npm exists
# (without npm, or offline, the XML check is skipped and says so).
# Settings: .ruff.toml, .pylintrc-mandatory, .pylintrc, .prettierrc.yml.
source "$(dirname "$0")/lib.sh"

# Versions: the series OCA's addons template pins for 18.0 (pylint-odoo 9.3 is
# built on pylint 3.3 and knows Odoo 18.0; ruff 0.9 formats like OCA's CI).
RUFF_SPEC=${RUFF_SPEC:-ruff>=0.9,<0.10}
PYLINT_ODOO_SPEC=${PYLINT_ODOO_SPEC:-pylint-odoo>=9.3,<9.4}
PRETTIER_SPEC=${PRETTIER_SPEC:-prettier@3}
PRETTIER_XML_SPEC=${PRETTIER_XML_SPEC:-@prettier/plugin-xml@3}
NODE_DIR=$VAR_DIR/node_modules

# pip_satisfied "DIST SPECIFIER": is that distribution installed in a matching version?
pip_satisfied() {
    "$PYTHON" - "$1" >/dev/null 2>&1 <<'PY'
import sys
from importlib import metadata
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
req = Requirement(sys.argv[1])
sys.exit(0 if req.specifier.contains(metadata.version(req.name), prereleases=True) else 1)
PY
}

install_python_tools() {
    local missing=() spec
    for spec in "$RUFF_SPEC" "$PYLINT_ODOO_SPEC"; do
        pip_satisfied "$spec" || missing+=("$spec")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        "$PYTHON" -m pip install -q "${missing[@]}" || die "could not install ${missing[*]} with pip"
    fi
}

# Sets PRETTIER to the prettier executable, or leaves it empty (check skipped).
PRETTIER=
install_prettier() {
    local bin=$NODE_DIR/.bin/prettier
    if [ ! -x "$bin" ] || [ ! -f "$NODE_DIR/@prettier/plugin-xml/package.json" ]; then
        if ! command -v npm >/dev/null; then
            say "npm not found: the XML formatting check (prettier) is SKIPPED"
            return 0
        fi
        say "installing $PRETTIER_SPEC $PRETTIER_XML_SPEC into $NODE_DIR"
        mkdir -p "$VAR_DIR"
        if ! npm install --prefix "$VAR_DIR" --no-save --no-audit --no-fund --loglevel=error \
            "$PRETTIER_SPEC" "$PRETTIER_XML_SPEC" >&2; then
            say "npm could not install prettier: the XML formatting check is SKIPPED"
            return 0
        fi
    fi
    PRETTIER=$bin
}

# Odoo's checks need the addon under its technical name, as in scripts/prepare.sh.
addon_dir() {
    mkdir -p "$VAR_DIR/addons"
    ln -sfn "$ROOT" "$VAR_DIR/addons/$MODULE"
}

FAILED=()
step() { printf '\n[%s] ==== %s\n' "$MODULE" "$*" >&2; }

run_pylint() { # run_pylint RCFILE [pylint args...]: paths printed relative to $ROOT
    local rc=$1 status
    shift
    local fmt=text
    [ -t 1 ] && fmt=colorized
    set +e
    (cd "$VAR_DIR/addons" &&
        "$PYTHON" -m pylint --rcfile="$ROOT/$rc" --output-format="$fmt" \
            --ignore=.var,node_modules,bench "$@" "$MODULE") |
        sed -E "s#^((\x1b\[[0-9;]*m)*)$MODULE/#\1#"
    status=${PIPESTATUS[0]}
    set -e
    return "$status"
}

install_python_tools
install_prettier
addon_dir
cd "$ROOT"

step "ruff check ($("$PYTHON" -m ruff --version))"
"$PYTHON" -m ruff check --no-fix --output-format=concise --config "$ROOT/.ruff.toml" . || FAILED+=("ruff check")

step "ruff format --check"
"$PYTHON" -m ruff format --check --config "$ROOT/.ruff.toml" . ||
    { say "see the changes with: $PYTHON -m ruff format --diff"; FAILED+=("ruff format"); }

pylint_version=$("$PYTHON" -c "from importlib.metadata import version as v; print('pylint', v('pylint'), '/ pylint-odoo', v('pylint-odoo'))")
step "pylint-odoo, mandatory checks (.pylintrc-mandatory; $pylint_version)"
run_pylint .pylintrc-mandatory && say "no mandatory pylint-odoo finding" || FAILED+=("pylint-odoo mandatory")

step "pylint-odoo, all checks (.pylintrc; advisory, never fails)"
run_pylint .pylintrc --exit-zero

if [ -n "$PRETTIER" ]; then
    step "prettier --check on XML ($("$PRETTIER" --version), .prettierrc.yml)"
    mapfile -t xml_files < <(find . \( -path ./.git -o -path ./.var -o -path ./bench/data \
        -o -name node_modules \) -prune -o -type f -name '*.xml' -print | sed 's#^\./##' | sort)
    if [ ${#xml_files[@]} -gt 0 ]; then
        # Run from $VAR_DIR: prettier resolves the plugin named in .prettierrc.yml
        # from its working directory; the configuration is still found by file.
        rel=$(realpath --relative-to="$VAR_DIR" "$ROOT")
        set +e
        (cd "$VAR_DIR" && "$PRETTIER" --check "${xml_files[@]/#/$rel/}") 2>&1 |
            sed "s#\] $rel/#] #"
        status=${PIPESTATUS[0]}
        set -e
        [ "$status" = 0 ] || FAILED+=("prettier (XML)")
    else
        say "no XML file to check"
    fi
else
    step "prettier --check on XML: SKIPPED (prettier could not be installed)"
fi

echo >&2
if [ ${#FAILED[@]} -gt 0 ]; then
    die "lint failed: ${FAILED[*]}"
fi
say "lint passed"
