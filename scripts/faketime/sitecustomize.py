"""Python under `make test TODAY=…` (libfaketime): what the preload library breaks.

scripts/lib.sh puts this folder on PYTHONPATH only for processes it runs under
another clock (``clocked``), so Python imports this module at start-up there and
nowhere else.

- ``time.sleep``: Python 3.11+ sleeps with ``clock_nanosleep(CLOCK_MONOTONIC,
  TIMER_ABSTIME)``, which libfaketime 0.9.10 rewrites with its wall-clock offset
  even when told to leave the monotonic clock alone: every sleep fails with
  EINVAL. Sleeping on a never-set event waits on the monotonic clock instead.
  (Faking the monotonic clock too makes timed waits hang, so we don't.)
- Child programs: Chromium and wkhtmltopdf do not run under libfaketime, so the
  preload is not passed on to them. The browser gets the clock through
  ``browser_clock_script()``, which the test run's pytest plugin injects.
"""

import os
import threading
import time

OFFSET = int(os.environ.get("PLANNING_CLOCK_OFFSET") or 0)


def browser_clock_script(offset_ms=OFFSET * 1000):
    """A script that moves the page's ``Date`` by the run's clock offset."""
    return (
        "(() => {"
        f" const offset = {int(offset_ms)};"
        " const RealDate = Date;"
        " class ShiftedDate extends RealDate {"
        "  constructor(...args) {"
        "   if (args.length) { super(...args); }"
        "   else { super(RealDate.now() + offset); }"
        "  }"
        "  static now() { return RealDate.now() + offset; }"
        " }"
        " globalThis.Date = ShiftedDate;"
        "})();"
    )


if os.environ.get("FAKETIME"):
    _never = threading.Event()

    def _sleep(seconds):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        _never.wait(seconds)

    time.sleep = _sleep
    # Not passed on to child programs. FAKETIME itself stays: libfaketime reads
    # it again every few seconds, and without it this process would be back on
    # the real clock.
    os.environ.pop("LD_PRELOAD", None)
