# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The method's rules as plain functions, and the choices they speak of.

Nothing here reads or writes records: each rule takes values and returns
values, and ``tests/test_planning_rules.py`` runs them without a database.
Model files import the constants they share from here, never from one another.

- Customer value (DOMAIN §1-3): ``classify``, ``value_quadrant``.
- Opportunity screening (DOMAIN §6): ``step_verdict``, ``evaluate_steps``,
  ``check_step``.
- Complaint time limits (DOMAIN §9): ``add_hours``, ``warning_date`` (deadline
  arithmetic), ``is_late``, and "breached" in its three forms side by side:
  ``is_breached`` (Python), ``breached_domain`` (ORM domain), ``breached_sql``
  (SQL); "at risk" as ``is_at_risk`` and ``at_risk_domain``.
- Local days (our users are in Asia/Shanghai, the server counts in UTC):
  ``local_today``, ``local_day_start``, ``local_days`` and ``local_period``
  turn "today", a day, a week or a month of a time zone into UTC bounds;
  ``local_today_sql`` is today of a time zone in SQL.
"""

import functools
from datetime import datetime, time, timedelta

import holidays
import pytz

from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

# ------------------------------------------------------------
# Shared choices
# ------------------------------------------------------------

# One line of text (names, subjects) and a free text (notes, reasons).
MAX_CHAR_LENGTH = 1000
MAX_TEXT_LENGTH = 100000
# How many records a digest (tier changes, escalations) names before it says
# "and N more".
DIGEST_LINES = 20

# Customer value (DOMAIN §1-2)
TARGET_TYPES = [
    ("share", "Share of wallet"),
    ("amount", "Sales amount"),
]
# How a tier's two thresholds combine (DOMAIN §1: both axes judged together).
THRESHOLD_LOGICS = [
    ("potential", "Potential threshold (current value alone is not enough)"),
    ("any", "Either threshold"),
    ("all", "Both thresholds"),
]
VALUE_QUADRANTS = [
    ("low_low", "Low current, low potential"),
    ("high_low", "High current, low potential"),
    ("low_high", "Low current, high potential"),
    ("high_high", "High current, high potential"),
]
# Customer columns written by the set-based recompute only (never by a user).
PLANNING_COMPUTED_FIELDS = {
    "current_value",
    "share_of_wallet",
    "value_quadrant",
    "customer_tier_id",
    "customer_tier_manual",
    "planning_values_date",
}
# The customer's people in a deal (DOMAIN §4)
ATTITUDES = [
    ("supportive", "Supportive"),
    ("neutral", "Neutral"),
    ("opposed", "Opposed"),
]

# Who covers a contact of the customer on our side (DOMAIN §4: 组织结构：随客户而动,
# our organisation follows theirs).
COUNTERPART_LEVELS = [
    ("sales", "Salesperson"),
    ("technical", "Technical"),
    ("executive", "Executive"),
]

# Opportunity screening: the four steps of DOMAIN §6, in the order they are taken.
QUALIFICATION_STEPS = [
    ("real", "Is it a real opportunity?"),
    ("compete", "Can we compete?"),
    ("win", "Can we win?"),
    ("worth", "Is it worth winning?"),
]
STEP_KEYS = [key for key, _label in QUALIFICATION_STEPS]
STEP_INDEX = {key: index for index, key in enumerate(STEP_KEYS)}
VERDICTS = [
    ("passed", "Passed"),
    ("open", "Open"),
    ("failed", "Failed"),
    ("skipped", "Not Required"),
]
RECOMMENDATIONS = [
    ("pursue", "Pursue"),
    ("review", "Review"),
    ("drop", "Drop"),
]
ANSWERS = [
    ("yes", "Yes"),
    ("no", "No"),
    ("unknown", "Unknown"),
]
# The five kinds of action of an action plan (DOMAIN §5)
ACTION_CATEGORIES = [
    ("prove_value", "Prove and show our value"),
    ("recover_information", "Recover lost useful information"),
    ("isolate_competition", "Isolate the competition"),
    ("weaken_disadvantages", "Weaken our disadvantages"),
    ("strengthen_advantages", "Strengthen our advantages"),
]

# Complaints (DOMAIN §9)
CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("visit", "In Person"),
    ("letter", "Letter"),
    ("web", "Web Form"),
]
COMPLAINT_TYPES = [
    ("consultation", "Consultation"),
    ("suggestion", "Suggestion"),
    ("opinion", "Opinion"),
    ("complaint", "Complaint"),
]
SEVERITIES = [("normal", "Normal"), ("major", "Major")]
# What a stage means to the rules, whatever it is called (record → dispatch →
# handle → return visit → close).
COMPLAINT_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("visited", "Return Visit Done"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# Not yet resolved: the reply and resolution clocks run, escalation applies.
UNRESOLVED_STATES = ("new", "acknowledged", "in_progress")
# Resolved at some point: the resolution date is kept.
RESOLVED_STATES = ("resolved", "visited", "closed")
# Finished: a returning customer opens a new matter.
DONE_STATES = ("closed", "cancelled")

# Return visits and customer care (DOMAIN §9)
FOLLOWUP_KINDS = [
    ("routine", "Routine return visit"),
    ("after_sale", "After-sale return visit"),
    ("complaint", "Complaint return visit"),
    ("retention", "Retention visit"),
    ("birthday", "Birthday greeting"),
    ("holiday", "Holiday greeting"),
    ("needs_survey", "Annual needs survey"),
]
FOLLOWUP_CHANNELS = [
    ("phone", "Phone"),
    ("onsite", "On-site"),
    ("email", "Email"),
    ("message", "Message"),
]
# The time a visit usually takes, in hours, per channel: the default of a
# visit's time spent (DOMAIN §7 counts time among the resources), corrected by
# the owner when recording the result.
FOLLOWUP_CHANNEL_HOURS = {
    "phone": 0.25,
    "onsite": 2.0,
    "email": 0.25,
    "message": 0.1,
}
# At most a day's work for one visit.
FOLLOWUP_MAX_HOURS = 24.0
# The Chinese festivals on which every customer is greeted (节日祝福), and the
# name ``holidays.China`` gives each in English; the Lantern Festival is the
# 15th day of the first lunar month, 14 days after the Spring Festival.
FESTIVALS = [
    ("new_year", "New Year's Day"),
    ("spring_festival", "Spring Festival"),
    ("lantern", "Lantern Festival"),
    ("dragon_boat", "Dragon Boat Festival"),
    ("mid_autumn", "Mid-Autumn Festival"),
    ("national_day", "National Day"),
]
HOLIDAYS_CHINA_NAMES = {
    "new_year": "New Year's Day",
    "spring_festival": "Chinese New Year (Spring Festival)",
    "dragon_boat": "Dragon Boat Festival",
    "mid_autumn": "Mid-Autumn Festival",
    "national_day": "National Day",
}
LANTERN_DAYS_AFTER_SPRING_FESTIVAL = 14
SATISFACTION_LEVELS = [
    ("1", "1 - Very dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very satisfied"),
]
SATISFACTION_MIN, SATISFACTION_MAX = 1, 5

# ------------------------------------------------------------
# Customer value (DOMAIN §1-3)
# ------------------------------------------------------------


def classify(tier_rows, current, potential):
    """Return the id of the first tier of ``tier_rows`` whose thresholds the
    values reach; the last (lowest) tier takes every customer reaching no other.

    ``tier_rows`` are ``(tier_id, min_current, min_potential, logic)`` ordered
    from the top of the pyramid down (see
    ``customer.tier._get_classification_table``); ``logic`` is one of
    ``THRESHOLD_LOGICS``: ``any`` threshold, ``all`` of them, or the
    ``potential`` one (a high current value alone is not enough).
    """
    for tier_id, min_current, min_potential, logic in tier_rows:
        hits = (current >= min_current, potential >= min_potential)
        if {"any": any(hits), "all": all(hits), "potential": hits[1]}[logic]:
            return tier_id
    return tier_rows[-1][0] if tier_rows else False


def value_quadrant(current, potential, high_current, high_potential):
    """The value type of DOMAIN §1 (one of ``VALUE_QUADRANTS``) for a
    customer's current and potential value and the company's thresholds."""
    current_level = "high" if current >= high_current else "low"
    potential_level = "high" if potential >= high_potential else "low"
    return f"{current_level}_{potential_level}"


# ------------------------------------------------------------
# Opportunity screening (DOMAIN §6)
# ------------------------------------------------------------

# Tolerance of the pass-mark comparison (weights are floats).
EPSILON = 1e-6


def check_step(env, step):
    """Raise a clear error (in ``env``'s language) for a value that is not one
    of the four steps."""
    if step not in STEP_INDEX:
        raise ValidationError(
            env._(
                "“%(step)s” is not a qualification step. The steps are: %(steps)s.",
                step=step,
                steps=", ".join(STEP_KEYS),
            )
        )


def step_verdict(criteria, answers, pass_mark):
    """The verdict of one step from its answers, taken alone.

    ``criteria`` are ``(criterion_id, weight, blocking)`` of the step,
    ``answers`` map a criterion id to ``yes``/``no``/``unknown`` (a criterion
    without an answer counts as unknown), ``pass_mark`` is a percentage.

    - **failed** when a blocking criterion is answered No, or when the weighted
      share of Yes could no longer reach the pass mark even if every unknown
      turned into Yes;
    - **passed** when every blocking criterion is answered Yes and the weighted
      share of Yes reaches the pass mark;
    - **open** otherwise: unknowns remain that decide the step.

    A step without any criterion has nothing to check and passes.
    """
    total = sum(weight for _cid, weight, _blocking in criteria)
    if not criteria or total <= 0:
        return "passed"
    yes = unknown = 0.0
    blocking_all_yes = True
    for criterion_id, weight, blocking in criteria:
        answer = answers.get(criterion_id) or "unknown"
        if answer == "yes":
            yes += weight
        elif answer == "no":
            if blocking:
                return "failed"
        else:
            unknown += weight
        if blocking and answer != "yes":
            blocking_all_yes = False
    if 100.0 * (yes + unknown) < pass_mark * total - EPSILON:
        return "failed"
    if blocking_all_yes and 100.0 * yes >= pass_mark * total - EPSILON:
        return "passed"
    return "open"


def qualification_depth(tier_depth, revenue, full_deal_size):
    """How deep an opportunity is screened: ``full`` (all four steps),
    ``light`` (the company's lighter check) or ``none``.

    ``tier_depth`` is the qualification depth of the customer's tier (falsy
    for a customer not classified yet, screened like a full-depth tier):
    the smaller deals of a tier judged by its volume are not screened; a tier
    that is not screened in full gets the lighter check; otherwise deals from
    the company's ``full_deal_size`` on go through all four steps.
    """
    small = revenue < full_deal_size
    if tier_depth == "volume" and small:
        return "none"
    if tier_depth and tier_depth != "full":
        return "light"
    return "light" if small else "full"


def evaluate_steps(criteria_by_step, answers, required_steps, pass_mark):
    """Verdicts of the four steps, the furthest step passed and the
    recommendation of one opportunity.

    Steps are taken in order: a required step cannot pass while an earlier
    required one has not (its verdict stays open); steps outside
    ``required_steps`` are "skipped" (not required at this depth).
    The recommendation is *drop* when a required step failed, *pursue* when
    every required step passed, *review* otherwise.

    :return: ``({step: verdict}, furthest_step_or_False, recommendation)``
    """
    verdicts = {}
    earlier_passed = True
    furthest = False
    for step in STEP_KEYS:
        if step not in required_steps:
            verdicts[step] = "skipped"
            continue
        verdict = step_verdict(criteria_by_step.get(step, []), answers, pass_mark)
        if verdict == "passed" and not earlier_passed:
            verdict = "open"
        if verdict == "passed":
            furthest = step
        else:
            earlier_passed = False
        verdicts[step] = verdict
    required = [verdicts[step] for step in STEP_KEYS if step in required_steps]
    if "failed" in required:
        recommendation = "drop"
    elif all(verdict == "passed" for verdict in required):
        recommendation = "pursue"
    else:
        recommendation = "review"
    return verdicts, furthest, recommendation


# ------------------------------------------------------------
# Complaint time limits (DOMAIN §9)
# ------------------------------------------------------------


def add_hours(start, hours, plan_hours=None):
    """``start`` plus (or minus) ``hours``: through ``plan_hours(hours,
    start)`` (a working calendar's planner, which skips nights, weekends and
    public holidays) when there is one and it finds a date, else clock hours."""
    planned = plan_hours and plan_hours(hours, start)
    return planned or start + timedelta(hours=hours)


def warning_date(deadline, hours, warning_share, plan_hours=None):
    """When the handler is warned of ``deadline``: once ``warning_share`` (0-1)
    of the ``hours`` allowed has passed, counted back from the deadline."""
    if not deadline:
        return False
    return add_hours(deadline, -hours * (1 - warning_share), plan_hours)


def is_late(deadline, stopped_at):
    """A clock stopped (replied, resolved) after its deadline."""
    return bool(deadline and stopped_at and stopped_at > deadline)


# The two clocks of a complaint: (deadline, stored "late" flag, what stops it).
# The reply clock stops at the first reply, or at the resolution without one.
BREACH_CLOCKS = (
    ("reply_deadline", "reply_late", "first_reply_date"),
    ("resolution_deadline", "resolution_late", "date_resolved"),
)


# "Breached", one rule in three forms. A clock is breached when it stopped
# after its deadline (its late flag), or when it still runs, the complaint not
# resolved yet and not waiting for the customer (``waiting_since``: its clocks
# are paused, their deadlines move when the wait ends), past its deadline; a
# complaint is breached when one of its clocks is. The three forms are kept
# side by side so that they stay alike; tests/test_planning_rules.py runs each
# against the same cases.


def is_breached(complaint, now, clocks=BREACH_CLOCKS):
    """Python: ``complaint`` is anything with the fields of ``clocks`` and a
    ``state`` as attributes (a record, or a namedtuple in a test)."""
    running = complaint.state in UNRESOLVED_STATES and not complaint.waiting_since
    return any(
        getattr(complaint, late)
        or (
            running
            and not getattr(complaint, stop)
            and getattr(complaint, deadline)
            and getattr(complaint, deadline) <= now
        )
        for deadline, late, stop in clocks
    )


def breached_domain(now, clocks=BREACH_CLOCKS):
    """ORM domain on ``customer.complaint``: the searchable twin of
    ``is_breached``."""
    return expression.OR(
        expression.OR(
            [
                [(late, "=", True)],
                [
                    ("state", "in", UNRESOLVED_STATES),
                    ("waiting_since", "=", False),
                    (stop, "=", False),
                    (deadline, "<=", now),
                ],
            ]
        )
        for deadline, late, stop in clocks
    )


# "At risk": not breached, not waiting for the customer, and a clock still
# running past its warning date.
WARNING_CLOCKS = (
    ("reply_warning_date", "first_reply_date"),
    ("resolution_warning_date", "date_resolved"),
)


def is_at_risk(complaint, now, clocks=WARNING_CLOCKS):
    """Python: as ``is_breached``, for the warning dates."""
    if (
        complaint.state not in UNRESOLVED_STATES
        or complaint.waiting_since
        or is_breached(complaint, now)
    ):
        return False
    return any(
        not getattr(complaint, stop)
        and getattr(complaint, warning)
        and getattr(complaint, warning) <= now
        for warning, stop in clocks
    )


def at_risk_domain(now, clocks=WARNING_CLOCKS):
    """ORM domain: the searchable twin of ``is_at_risk``."""
    return expression.AND(
        [
            ["!", *breached_domain(now)],
            [("state", "in", UNRESOLVED_STATES), ("waiting_since", "=", False)],
            expression.OR(
                [(stop, "=", False), (warning, "<=", now)] for warning, stop in clocks
            ),
        ]
    )


def breached_sql(alias, now=None, clocks=BREACH_CLOCKS):
    """SQL boolean over the complaint table as ``alias``; ``now`` a timestamp,
    by default the database's clock in UTC (for report views)."""
    now = SQL("%s", now) if now else SQL("(NOW() AT TIME ZONE 'UTC')")
    return SQL(" OR ").join(
        SQL(
            "(%(late)s OR (%(state)s IN %(running)s AND %(waiting)s IS NULL "
            "AND %(stop)s IS NULL AND %(deadline)s <= %(now)s))",
            late=SQL.identifier(alias, late),
            state=SQL.identifier(alias, "state"),
            waiting=SQL.identifier(alias, "waiting_since"),
            running=UNRESOLVED_STATES,
            stop=SQL.identifier(alias, stop),
            deadline=SQL.identifier(alias, deadline),
            now=now,
        )
        for deadline, late, stop in clocks
    )


# ------------------------------------------------------------
# Local days (our users' calendar, not the server's UTC)
# ------------------------------------------------------------

# The periods ``local_period`` knows.
PERIODS = ("day", "week", "month", "quarter", "year")
# The periods of an account plan (客户规划, issue 18): a year or a quarter.
PLAN_PERIOD_TYPES = [("year", "Year"), ("quarter", "Quarter")]


def get_tz(tz):
    """A pytz time zone from its name (UTC when empty or unknown)."""
    if isinstance(tz, pytz.BaseTzInfo):
        return tz
    try:
        return pytz.timezone(tz or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc


def local_today(tz, now):
    """The day it is in time zone ``tz`` at ``now`` (a naive UTC datetime, as
    Odoo stores them): 1 January at 00:30 in Beijing, still 31 December in
    UTC."""
    return pytz.utc.localize(now).astimezone(get_tz(tz)).date()


def local_day_start(day, tz):
    """When ``day`` starts (local midnight) in time zone ``tz``, as a naive
    UTC datetime: 1 March in Beijing starts on 28 February at 16:00 UTC."""
    local = get_tz(tz).localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def local_days(date_from, date_to, tz):
    """The days from ``date_from`` to ``date_to`` (both included) of time zone
    ``tz``, as UTC bounds ``(start, end)`` to be read half-open:
    ``start <= moment < end``."""
    return local_day_start(date_from, tz), local_day_start(
        date_to + timedelta(days=1), tz
    )


def period_days(kind, day):
    """The first and the last day of the ``kind`` of period (``PERIODS``:
    the day itself, its week from Monday to Sunday, its month, its quarter,
    its year) ``day`` is in."""
    if kind == "day":
        return day, day
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if kind == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=31)).replace(day=1)
        return first, following - timedelta(days=1)
    if kind == "quarter":
        first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
        last_month = period_days("month", first.replace(month=first.month + 2))
        return first, last_month[1]
    if kind == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    raise ValueError(f"{kind!r} is not one of {PERIODS}")


def local_period(kind, day, tz):
    """The day, week or month (``kind``) of time zone ``tz`` that ``day`` is
    in, as UTC bounds ``(start, end)`` to be read half-open."""
    return local_days(*period_days(kind, day), tz)


def local_today_sql(tz):
    """SQL: today in time zone ``tz`` (an SQL expression or a name), by the
    database's clock; ``CURRENT_DATE`` is the server's UTC day."""
    tz = tz if isinstance(tz, SQL) else SQL("%s", tz or "UTC")
    return SQL("(NOW() AT TIME ZONE %s)::date", tz)


@functools.lru_cache(maxsize=256)
def festival_date(festival, year):
    """The day of Chinese festival ``festival`` (a key of ``FESTIVALS``) in
    ``year``, lunar festivals included, from the ``holidays`` package's
    calendar of China: the first day it names so (the Spring Festival's days
    off follow it); None when the calendar has none that year."""
    if festival == "lantern":
        spring = festival_date("spring_festival", year)
        return spring and spring + timedelta(days=LANTERN_DAYS_AFTER_SPRING_FESTIVAL)
    calendar = holidays.China(years=year, language="en_US")
    return min(calendar.get_named(HOLIDAYS_CHINA_NAMES[festival]), default=None)


def todo_values(record, user, summary, date_deadline=None):
    """Values of an automated to-do on ``record`` for ``user``, for one
    ``mail.activity`` create over many records (no deadline: the activity
    type's default, today)."""
    vals = {
        "res_model_id": record.env["ir.model"]._get_id(record._name),
        "res_id": record.id,
        "activity_type_id": record.env.ref("mail.mail_activity_data_todo").id,
        "automated": True,
        "user_id": user.id,
        "summary": summary,
    }
    if date_deadline:
        vals["date_deadline"] = date_deadline
    return vals
