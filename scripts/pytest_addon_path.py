"""pytest plugin: import the checkout's tests as ``odoo.addons.crm_customer_planning``.

pytest-odoo names a test module after the folder holding ``__manifest__.py``; a
checkout may be called anything (``main``, a temporary folder), while Odoo only
knows the addon by its technical name. Loaded by scripts/test.sh with
``-p pytest_addon_path``.
"""

from pathlib import Path

import _pytest.pathlib

import odoo.tools

# pytest-odoo imports Odoo's test framework before it enables test mode, which
# Odoo logs as an error; import it here in test mode (nothing else changes).
odoo.tools.config["test_enable"] = True
import odoo.tests  # noqa: E402, F401

odoo.tools.config["test_enable"] = False

MODULE = "crm_customer_planning"
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    resolve = _pytest.pathlib.resolve_pkg_root_and_module_name

    def resolve_as_addon(path, *args, **kwargs):
        real = Path(path).resolve()
        if not real.is_relative_to(ROOT):
            return resolve(path, *args, **kwargs)
        # Named from the path inside the checkout, whatever the checkout's own
        # folder is called (it may not even be a valid Python name, in which
        # case pytest alone could not resolve it at all).
        parts = list(real.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        return ROOT.parent, ".".join(["odoo", "addons", MODULE, *parts])

    _pytest.pathlib.resolve_pkg_root_and_module_name = resolve_as_addon
