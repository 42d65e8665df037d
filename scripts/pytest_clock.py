"""pytest plugin: under `make test TODAY=…`, the browser tours see the run's clock.

Chromium cannot run under libfaketime (see scripts/faketime/sitecustomize.py), so
it keeps the real clock while the server runs at TODAY. Each page the tests open
gets a ``Date`` moved by the same offset, so that "today" in the web client is
the server's today. Without TODAY this plugin does nothing. Loaded by
scripts/test.sh with ``-p pytest_clock``.
"""

import os

OFFSET = int(os.environ.get("PLANNING_CLOCK_OFFSET") or 0)


def pytest_configure(config):
    if not OFFSET:
        return
    from sitecustomize import browser_clock_script

    from odoo.tests.common import ChromeBrowser

    init = ChromeBrowser.__init__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._websocket_request(
            "Page.addScriptToEvaluateOnNewDocument",
            params={"source": browser_clock_script()},
        )

    ChromeBrowser.__init__ = __init__
