#!/usr/bin/env bash
# Make `python3 -c "import odoo"` work with Odoo 18.0 Community.
# Uses an installed Odoo when there is one; otherwise installs it, with its Python
# requirements, from $ODOO_SRC (a local 18.0 source tree) or from the official
# repository (https://github.com/odoo/odoo, branch 18.0).
source "$(dirname "$0")/lib.sh"

HINT="provide Odoo 18.0 Community: 'pip install -e <odoo 18.0 source>' or 'make test ODOO_SRC=<odoo 18.0 source>'"

install_python_tools() {
    # pytest-odoo runs the tests; phonenumbers and websocket-client are needed by
    # Odoo's own test helpers (without them browser tests are silently skipped);
    # whool builds the wheel (scripts/check_wheel.py) as OCA's tools do.
    local missing=()
    "$PYTHON" -c "import pytest_odoo" 2>/dev/null || missing+=(pytest-odoo)
    "$PYTHON" -c "import whool" 2>/dev/null || missing+=(whool)
    "$PYTHON" -c "import phonenumbers" 2>/dev/null || missing+=(phonenumbers)
    "$PYTHON" -c "import websocket" 2>/dev/null || missing+=(websocket-client)
    # The addon's own Python dependencies (the manifest's external_dependencies).
    "$PYTHON" -c "import holidays" 2>/dev/null || missing+=("$(grep -E '^holidays' "$ROOT/requirements.txt")")
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        "$PYTHON" -m pip install -q "${missing[@]}" || die "could not install ${missing[*]} with pip"
    fi
    # The Odoo addons the manifest depends on beyond Odoo's own (queue_job), from
    # PyPI as requirements.txt pins them: pip puts them under odoo/addons/. Without
    # their dependencies: their "odoo==18.0.*" is the Odoo found above, which pip
    # must not replace (it may be a source tree); requests comes with Odoo.
    local addons
    mapfile -t addons < <(grep -E '^odoo-addon-' "$ROOT/requirements.txt")
    if ! "$PYTHON" - "${addons[@]}" 2>/dev/null <<'PY'; then
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    requirement = Requirement(spec)
    assert requirement.specifier.contains(version(requirement.name), prereleases=True)
PY
        say "installing ${addons[*]}"
        "$PYTHON" -m pip install -q --no-deps "${addons[@]}" || die "could not install ${addons[*]} with pip"
    fi
}

apt_install() {
    # Debian build dependencies of Odoo's requirements (python-ldap, psycopg2).
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        local pkgs=() p
        for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p"); done
        if [ ${#pkgs[@]} -gt 0 ]; then
            say "apt-get install ${pkgs[*]}"
            apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
        fi
    fi
}

if odoo_importable; then
    install_python_tools
    exit 0
fi

src=${ODOO_SRC:-}
if [ -z "$src" ]; then
    src=$VAR_DIR/odoo-src
    if [ ! -f "$src/odoo/release.py" ]; then
        command -v git >/dev/null || die "git is missing; $HINT"
        say "cloning Odoo 18.0 Community from the official repository into $src"
        rm -rf "$src"
        git clone -q --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$src" ||
            die "could not clone Odoo 18.0; $HINT"
    fi
fi
[ -f "$src/odoo/release.py" ] && [ -f "$src/requirements.txt" ] || die "$src is no Odoo source tree; $HINT"
grep -q "version_info = (18, 0" "$src/odoo/release.py" || die "$src is not Odoo 18.0; $HINT"

apt_install libldap2-dev libsasl2-dev libpq-dev
say "installing Odoo 18.0 from $src (Python requirements, then the tree itself, editable)"
constraints=$(mktemp)
# Odoo's pinned requirements build only with setuptools < 81 (and gevent needs
# pkg_resources at run time).
echo 'setuptools<81' >"$constraints"
PIP_CONSTRAINT=$constraints "$PYTHON" -m pip install -q 'setuptools<81' wheel &&
    PIP_CONSTRAINT=$constraints "$PYTHON" -m pip install -q -r "$src/requirements.txt" &&
    PIP_CONSTRAINT=$constraints "$PYTHON" -m pip install -q --no-build-isolation -e "$src" ||
    { rm -f "$constraints"; die "installing Odoo from $src failed; $HINT"; }
rm -f "$constraints"
odoo_importable || die "Odoo 18.0 still cannot be imported; $HINT"
install_python_tools
