# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBrowserClock(HttpCase):
    """The tours' browser reads the server's clock, also in a run at another
    date (`make test TODAY=…`), where Chromium keeps the real clock and
    scripts/pytest_clock.py moves the page's ``Date`` to the server's."""

    def test_browser_reads_the_server_clock(self):
        server_ms = int(time.time() * 1000)
        self.browser_js(
            "/web/login",
            f"const gap = Math.abs(Date.now() - {server_ms});"
            "if (gap < 10 * 60 * 1000) { console.log('test successful'); }"
            " else { console.error(`the browser's clock is ${gap} ms off`); }",
        )
