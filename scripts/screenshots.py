#!/usr/bin/env python3
# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the Chinese demo for static/description/ (run by hand).

    python3 scripts/screenshots.py                  # every screenshot
    python3 scripts/screenshots.py complaint_form   # only those named

It serves a demo database of its own as `make run` does (scripts/run.sh, with
Chinese loaded; database ``crm_customer_planning_screens`` on port 8626 unless
DB_NAME and HTTP_PORT say otherwise), logs in as each demo user in headless
Chromium through the DevTools protocol, opens each screen at 1440×900 and
writes the PNGs to static/description/ (256 colours, to keep them small). A
screen that shows an error dialog, or that logs an error in the browser's
console, fails the run and writes nothing for that screen. Look at every PNG
before committing them: they are the addon's shop window.
"""

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MODULE = "crm_customer_planning"
OUT = ROOT / "static" / "description"
PORT = int(os.environ.get("HTTP_PORT", "8626"))
DB = os.environ.get("DB_NAME", f"{MODULE}_screens")
URL = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTH, HEIGHT = 1440, 900

# Each screenshot: file name, demo login (password = login), and the steps that
# open the screen. A step is ("action", xmlid, options) for the action service,
# ("record", action xmlid, record xmlid) for a record's form in that action
# (with a model after a None xmlid: the newest record of it the user may read),
# ("click", css selector) and ("wait", css selector).
SHOTS = [
    (
        "dashboard",
        "sales_manager",
        [("wait", ".o_spreadsheet_dashboard_action .o-grid canvas")],
    ),
    (
        "pyramid_80_20",
        "sales_manager",
        [("action", "customer_allocation_report_action", {"viewType": "graph"})],
    ),
    (
        "customers_kanban",
        "sales_li",
        [
            ("wait", ".o_action_manager .o_kanban_view .o_kanban_record")
        ],  # their landing
    ),
    (
        "value_matrix",
        "sales_manager",
        [("action", "res_partner_action_value_matrix", {})],
    ),
    (
        "opportunity_qualification",
        "sales_li",
        [
            ("record", "crm.crm_lead_action_pipeline", "lead_huadong_5"),
            ("click", ".o_notebook a[name='qualification']"),
            ("wait", ".o_notebook .tab-pane.active"),
        ],
    ),
    (
        "screening_wizard_zh_CN",
        "sales_li",
        [
            ("record", "crm.crm_lead_action_pipeline", "lead_huadong_5"),
            ("click", ".o_form_view button[name='action_qualification_start']"),
            ("wait", ".modal .o_form_view"),
        ],
    ),
    (
        "complaint_form",
        "service.sun",
        [("record", "customer_complaint_action", "complaint_spindle")],
    ),
    (
        "return_visits_kanban",
        "service.sun",
        [
            (
                "action",
                "customer_followup_action",
                {
                    "viewType": "kanban",
                    "additionalContext": {
                        "search_default_planned": 0,
                        "search_default_due_today": 1,
                    },
                },
            )
        ],
    ),
    (
        "account_plan",
        "sales_li",
        [("record", "customer_account_plan_action", "demo_account_plan_huadong")],
    ),
    (
        "supervision_report",
        "service_supervisor",
        [
            (
                "record",
                "customer_service_supervision_report_action",
                None,
                "customer.service.supervision.report",
            )
        ],
    ),
]


def say(message):
    print(f"[{MODULE}] {message}", file=sys.stderr, flush=True)


def start_server():
    """`make run` on our own database and port; returns the process, or None
    when a server already answers there (it is used as it is)."""
    try:
        if requests.get(f"{URL}/web/health", timeout=5).ok:
            say(f"using the server that answers on {URL}")
            return None
    except requests.RequestException:
        pass
    env = dict(os.environ, DB_NAME=DB, HTTP_PORT=str(PORT))
    say(f"serving {DB} on {URL} (scripts/run.sh; the first run installs it)")
    server = subprocess.Popen(  # pylint: disable=consider-using-with
        [str(ROOT / "scripts" / "run.sh")],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / ".var" / f"{DB}.log", "w", encoding="utf-8"),  # noqa: SIM115
    )
    deadline = time.time() + 1800
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped: see .var/{DB}.log")
        try:
            if requests.get(f"{URL}/web/health", timeout=5).ok:
                return server
        except requests.RequestException:
            pass
        time.sleep(3)
    stop(server)
    sys.exit("the server did not answer within 30 minutes")


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def login(login_name):
    """A session of the user: its session_id cookie."""
    session = requests.Session()
    response = session.post(
        f"{URL}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": DB, "login": login_name, "password": login_name},
        },
        timeout=60,
    )
    result = response.json()
    if "error" in result or not result.get("result", {}).get("uid"):
        sys.exit(f"cannot log in as {login_name}: {result.get('error')}")
    return session


def call(session, model, method, *args, **kwargs):
    response = session.post(
        f"{URL}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs,
            },
        },
        timeout=60,
    )
    result = response.json()
    if "error" in result:
        sys.exit(f"{model}.{method}: {result['error']['data']['message']}")
    return result["result"]


class Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="screens-")
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--lang=zh-CN",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            # The web client shows times in the browser's time zone: Beijing's,
            # as the demo users' (the server-side texts use theirs).
            env={**os.environ, "TZ": "Asia/Shanghai"},
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _i in range(100):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.2)
        devtools_port = port_file.read_text().split()[0]
        pages = requests.get(f"http://127.0.0.1:{devtools_port}/json", timeout=10)
        page = next(p for p in pages.json() if p["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.errors = []
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        message_id = self.next_id
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.on_event(message)

    def on_event(self, message):
        method = message.get("method")
        if method == "Runtime.exceptionThrown":
            details = message["params"]["exceptionDetails"]
            self.errors.append(
                details.get("exception", {}).get("description", details["text"])
            )
        elif (
            method == "Runtime.consoleAPICalled"
            and message["params"]["type"] == "error"
        ):
            self.errors.append(
                " ".join(
                    str(a.get("value", a.get("description", "")))
                    for a in message["params"]["args"]
                )
            )

    def js(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.js(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{selector} did not appear within {timeout} s")

    def settle(self):
        """Wait until the web client has loaded everything it asked for."""
        time.sleep(0.5)
        for _i in range(120):
            busy = self.js(
                "!!document.querySelector('.o_loading_indicator, .o_blockUI,"
                " .o-spreadsheet-loading, .o_view_sample_data .o_loading')"
            )
            if not busy:
                break
            time.sleep(0.5)
        time.sleep(1.5)
        self.js("document.activeElement && document.activeElement.blur()")

    def open_session(self, session_id):
        self.send("Network.clearBrowserCookies")
        self.send(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            domain="127.0.0.1",
            path="/",
        )
        self.send("Page.navigate", url=f"{URL}/odoo")
        self.wait_for(".o_action_manager > *")
        self.settle()

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        raw = path.with_suffix(".raw.png")
        raw.write_bytes(base64.b64decode(data))
        with Image.open(raw) as image:
            small = image.convert("RGB").quantize(
                colors=256, method=Image.Quantize.MEDIANCUT
            )
            small.save(path, optimize=True)
        raw.unlink()

    def close(self):
        try:
            self.ws.close()
        finally:
            stop(self.process)
            shutil.rmtree(self.profile, ignore_errors=True)


def xmlid_ids(admin):
    names = {
        step[2]
        for _n, _l, steps in SHOTS
        for step in steps
        if step[0] == "record" and step[2]
    }
    rows = call(
        admin,
        "ir.model.data",
        "search_read",
        [("module", "=", MODULE), ("name", "in", sorted(names))],
        ["name", "res_id"],
    )
    return {row["name"]: row["res_id"] for row in rows}


def take(browser, name, steps, ids, session):
    for step in steps:
        kind = step[0]
        if kind == "action":
            xmlid = step[1] if "." in step[1] else f"{MODULE}.{step[1]}"
            browser.js(
                "odoo.__WOWL_DEBUG__.root.env.services.action.doAction("
                f"{json.dumps(xmlid)}, {json.dumps(step[2])}).then(() => true)"
            )
            browser.wait_for(
                ".o_action_manager .o_content, .o_action_manager .o-spreadsheet"
            )
        elif kind == "record":
            action = step[1] if "." in step[1] else f"{MODULE}.{step[1]}"
            if len(step) > 3:  # the newest record of the model the user may read
                records = call(
                    session,
                    step[3],
                    "search_read",
                    [],
                    ["id"],
                    limit=1,
                    order="id desc",
                )
                res_id = records[0]["id"]
            else:
                res_id = ids[step[2]]
            browser.send("Page.navigate", url=f"{URL}/odoo/action-{action}/{res_id}")
            browser.wait_for(".o_action_manager .o_form_view")
        elif kind == "click":
            browser.wait_for(step[1])
            browser.js(f"document.querySelector({json.dumps(step[1])}).click(), true")
        elif kind == "wait":
            browser.wait_for(step[1])
        browser.settle()
    dialog = browser.js(
        "(document.querySelector('.o_error_dialog, .o_dialog_error,"
        " .o_notification.border-danger') || {}).innerText || ''"
    )
    if dialog:
        raise RuntimeError(f"{name}: an error shows: {dialog[:300]}")
    if browser.errors:
        raise RuntimeError(f"{name}: errors in the browser console: {browser.errors}")
    browser.screenshot(OUT / f"{name}.png")
    say(f"{name}.png ({(OUT / f'{name}.png').stat().st_size // 1024} KB)")


def main(only):
    shots = [shot for shot in SHOTS if not only or shot[0] in only]
    unknown = set(only) - {shot[0] for shot in SHOTS}
    if unknown:
        sys.exit(f"no such screenshot: {', '.join(sorted(unknown))}")
    server = start_server()
    browser = None
    failed = []
    try:
        ids = xmlid_ids(login("admin"))
        browser = Browser()
        for name, login_name, steps in shots:
            session = login(login_name)
            browser.errors.clear()
            try:
                browser.open_session(session.cookies["session_id"])
                take(browser, name, steps, ids, session)
            except RuntimeError as error:
                failed.append(name)
                shown = Path(tempfile.gettempdir()) / f"{name}-failed.png"
                browser.screenshot(shown)
                say(f"{name}: FAILED: {error} (the screen: {shown})")
    finally:
        if browser:
            browser.close()
        stop(server)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
