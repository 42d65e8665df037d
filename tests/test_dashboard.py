# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    """The figures of the managers' dashboard, computed from the data sources
    of the shipped spreadsheet exactly as the spreadsheet asks for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "crm_customer_planning.spreadsheet_dashboard_customer_planning"
        )
        cls.spreadsheet = json.loads(cls.dashboard.spreadsheet_data)

    # Helpers: run a data source of the spreadsheet as the manager

    def _source(self, kind, source_id):
        return self.spreadsheet[kind][str(source_id)]

    def _aggregates(self, model, measures):
        return [
            "__count"
            if name == "__count"
            else f"{name}:{model._fields[name].aggregator or 'sum'}"
            for name in measures
        ]

    def _pivot(self, pivot_id, user=None):
        """``{group values: {measure: value}}`` of a pivot, the group values
        being records or selection keys; ``()`` holds the totals."""
        pivot = self._source("pivots", pivot_id)
        model = self.env[pivot["model"]].with_user(user or self.manager)
        groupby = [
            f"{dim['fieldName']}:{dim['granularity']}"
            if dim.get("granularity")
            else dim["fieldName"]
            for dim in pivot["rows"] + pivot["columns"]
        ]
        measures = [measure["fieldName"] for measure in pivot["measures"]]
        aggregates = self._aggregates(model, measures)
        result = {}
        for spec in (groupby, []):
            for row in model._read_group(pivot["domain"], spec, aggregates):
                result[tuple(row[: len(spec)])] = dict(
                    zip(measures, row[len(spec) :], strict=True)
                )
        return result

    def _chart(self, figure_id, user=None):
        [figure] = [
            figure
            for sheet in self.spreadsheet["sheets"]
            for figure in sheet["figures"]
            if figure["id"] == figure_id
        ]
        meta = figure["data"]["metaData"]
        model = self.env[meta["resModel"]].with_user(user or self.manager)
        return {
            tuple(row[:-1]): row[-1]
            for row in model._read_group(
                figure["data"]["searchParams"]["domain"],
                meta["groupBy"],
                self._aggregates(model, [meta["measure"]]),
            )
        }

    # The dashboard and who sees it

    def test_published_for_managers_only(self):
        self.assertEqual(self.dashboard.name, "Customer Planning")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.group_ids,
            self.env.ref("crm_customer_planning.group_customer_planning_manager")
            | self.env.ref("crm_customer_planning.group_customer_service_manager"),
        )
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.manager, self.planning_manager, self.service_manager):
            with self.subTest(user=user.login):
                self.assertIn(self.dashboard, Dashboard.with_user(user).search([]))
                data = self.dashboard.with_user(user).get_readonly_dashboard()
                self.assertIn("pivots", data["snapshot"])
        for user in (self.salesman, self.agent):
            with self.subTest(user=user.login):
                self.assertNotIn(self.dashboard, Dashboard.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    self.dashboard.with_user(user).read(["name", "spreadsheet_data"])
                groups = (
                    self.env["spreadsheet.dashboard.group"]
                    .with_user(user)
                    .web_search_read(
                        [("published_dashboard_ids", "!=", False)],
                        {"published_dashboard_ids": {"fields": {"name": {}}}},
                    )["records"]
                )
                self.assertFalse(
                    [
                        group
                        for group in groups
                        if self.dashboard.id
                        in [d["id"] for d in group["published_dashboard_ids"]]
                    ]
                )

    def test_shared_link_gives_an_access_message(self):
        """A salesperson or an agent who opens the dashboard from a manager's
        link (the client action loads it with get_readonly_dashboard, as here)
        is told who may see it; Odoo raised a TypeError (json.loads(False))."""
        for user in (self.salesman, self.agent):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as caught:
                    self.dashboard.with_user(user).get_readonly_dashboard()
                message = str(caught.exception)
                self.assertIn("“Customer Planning”", message)
                self.assertIn("Customer Planning / Manager", message)
                self.assertIn("Customer Service / Service Manager", message)
        # Nothing changes for whom it is shared with.
        data = self.dashboard.with_user(self.manager).get_readonly_dashboard()
        self.assertEqual(
            data["snapshot"]["pivots"].keys(), self.spreadsheet["pivots"].keys()
        )

    def test_dashboard_menu_for_managers_only(self):
        menu = self.env.ref(
            "crm_customer_planning.spreadsheet_dashboard_menu_customer_planning"
        )
        Menu = self.env["ir.ui.menu"]
        for user in (self.manager, self.planning_manager, self.service_manager):
            with self.subTest(user=user.login):
                self.assertIn(menu.id, Menu.with_user(user)._visible_menu_ids())
                menus = Menu.with_user(user).load_menus(debug=False)
                self.assertIn(menu.id, menus)
        for user in (self.salesman, self.agent):
            with self.subTest(user=user.login):
                self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids())
                self.assertNotIn(menu.id, Menu.with_user(user).load_menus(debug=False))
        action = menu.action
        self.assertEqual(action.tag, "action_spreadsheet_dashboard")
        self.assertEqual(action.params, {"dashboard_id": self.dashboard.id})

    def test_every_data_source_is_valid(self):
        """Every pivot, list and chart reads fields that exist and can be
        grouped or summed, on the addon's models, as the manager."""
        for pivot_id in self.spreadsheet["pivots"]:
            with self.subTest(pivot=pivot_id):
                self.assertIn((), self._pivot(pivot_id))
        for list_id, source in self.spreadsheet["lists"].items():
            with self.subTest(list=list_id):
                self.env[source["model"]].with_user(self.manager).search_read(
                    source["domain"], source["columns"], limit=10
                )
        charts = [
            figure["id"]
            for figure in self.spreadsheet["sheets"][0]["figures"]
            if figure["data"]["type"].startswith("odoo_")
        ]
        last_month = datetime.combine(self.month_from, time())
        month_before = last_month - relativedelta(months=1)
        expected = {
            "cp-chart-pyramid": {
                (self.tier_major,): 1,
                (self.tier_named,): 2,
                (self.tier_non_named,): 1,
                (self.tier_mass,): 2,
            },
            "cp-chart-value": {
                (self.tier_major,): 1200000,
                (self.tier_named,): 400000,
                (self.tier_non_named,): 100000,
                (self.tier_mass,): 10000,
            },
            "cp-chart-pipeline": {
                ("compete", "review"): 1,
                ("worth", "pursue"): 1,
                (False, "drop"): 1,
                (False, "review"): 1,
            },
            "cp-chart-competitors": {(self.rival,): 50.0, (self.other_rival,): 0.0},
            # No reply was due the month before: no share, rather than 0 %.
            "cp-chart-reply-on-time": {(month_before,): False, (last_month,): 50.0},
            "cp-chart-breaches": {(month_before,): 1, (last_month,): 2},
            "cp-chart-visits": {
                (self.salesman, "done"): 3,
                (self.salesman, "planned"): 1,
                (self.salesman_2, "done"): 4,
                (self.salesman_2, "planned"): 1,
                (self.agent, "done"): 2,
                (self.agent, "missed"): 1,
                (self.agent_other, "done"): 1,
            },
        }
        self.assertEqual(sorted(charts), sorted(expected))
        for chart in charts:
            with self.subTest(chart=chart):
                self.assertEqual(self._chart(chart), expected[chart])
        menus = self.spreadsheet["chartOdooMenusReferences"].values()
        for xmlid in menus:
            self.assertEqual(self.env.ref(xmlid)._name, "ir.ui.menu")

    def test_each_figure_opens_its_analysis(self):
        """The title of each figure opens a pivot or graph view of the same
        model, one of the actions under Customer Planning ▸ Reporting."""
        reporting = self.env.ref(
            "crm_customer_planning.crm_customer_planning_menu_reporting"
        )
        reporting_actions = [menu.action for menu in reporting.child_id]
        links = [
            json.loads(cell["content"].split("(odoo://view/", 1)[1][:-1])
            for cell in self.spreadsheet["sheets"][0]["cells"].values()
            if "(odoo://view/" in cell["content"]
        ]
        self.assertEqual(len(links), 8)
        for link in links:
            action = self.env.ref(link["action"]["xmlId"])
            with self.subTest(action=action.name):
                self.assertEqual(action.res_model, link["action"]["modelName"])
                self.assertIn(action, reporting_actions)
                self.assertTrue({"pivot", "graph"} & set(action.view_mode.split(",")))
                # The manager may open it.
                self.env[action.res_model].with_user(self.manager).search(
                    link["action"]["domain"], limit=1
                )

    def test_pyramid(self):
        pyramid = self._pivot(1)
        self.assertEqual(
            {key[0]: values["__count"] for key, values in pyramid.items() if key},
            {
                self.tier_major: 1,
                self.tier_named: 2,
                self.tier_non_named: 1,
                self.tier_mass: 2,
            },
        )
        self.assertEqual(pyramid[(self.tier_named,)]["current_value"], 400000)
        self.assertEqual(pyramid[(self.tier_named,)]["potential_value"], 2800000)
        self.assertEqual(pyramid[()]["__count"], 6)
        self.assertEqual(pyramid[()]["current_value"], 1710000)
        # Top of the pyramid first, as the table shows it.
        self.assertEqual(
            [key[0] for key in pyramid if key],
            [self.tier_major, self.tier_named, self.tier_non_named, self.tier_mass],
        )
        self.assertEqual(self._chart("cp-chart-pyramid")[(self.tier_mass,)], 2)

    def test_value_matrix(self):
        matrix = self._pivot(2)
        self.assertEqual(
            {key[0]: values["__count"] for key, values in matrix.items() if key},
            {"high_high": 1, "high_low": 1, "low_high": 1, "low_low": 3},
        )
        self.assertEqual(matrix[("high_low",)]["current_value"], 400000)

    def test_share_of_wallet_of_major_and_named_accounts(self):
        shares = self._pivot(3)
        major, named = shares[(self.tier_major,)], shares[(self.tier_named,)]
        self.assertAlmostEqual(major["share_of_wallet"], 20.0)
        self.assertEqual(major["target_share"], 30.0)
        self.assertAlmostEqual(named["share_of_wallet"], 100.0 * 400000 / 2800000)
        self.assertEqual(named["target_share"], 20.0)
        self.assertEqual(named["customer_count"], 2)
        self.assertNotIn((self.tier_non_named,), shares)
        source = self._source("lists", 1)
        accounts = self.env["res.partner"].search_read(
            source["domain"],
            source["columns"],
            order=", ".join(
                f"{o['name']} {'asc' if o['asc'] else 'desc'}"
                for o in source["orderBy"]
            ),
        )
        self.assertEqual(
            [
                (a["name"], a["share_of_wallet"], a["planning_target_share"])
                for a in accounts
            ],
            [
                ("Changjiang Heavy Industry", 20.0, 30.0),
                ("Bohai Shipping", 50.0, 20.0),
                ("Chengdu Grid", 0.0, 20.0),
            ],
        )

    def test_pipeline_by_step_and_verdict(self):
        pipeline = self._pivot(4)
        self.assertEqual(
            {
                key: values["__count"]
                for key, values in pipeline.items()
                if len(key) == 2
            },
            {
                ("compete", "review"): 1,
                ("worth", "pursue"): 1,
                (False, "review"): 1,
                (False, "drop"): 1,
            },
        )
        self.assertEqual(pipeline[()]["__count"], 4, "won and lost ones are out")
        self.assertEqual(pipeline[()]["expected_revenue"], 650000)

    def test_win_rate_by_competitor(self):
        rates = self._pivot(5)
        self.assertEqual(
            rates[(self.rival,)],
            {"met_count": 3, "won_count": 1, "lost_count": 1, "win_rate": 50.0},
        )
        self.assertEqual(rates[(self.other_rival,)]["win_rate"], 0.0)
        chart = self._chart("cp-chart-competitors")
        self.assertEqual(chart[(self.rival,)], 50.0)

    def test_complaints_on_time_and_breaches_per_month(self):
        totals = self._pivot(6)[()]
        self.assertEqual(totals["complaint_count"], 4)
        self.assertAlmostEqual(totals["reply_on_time_rate"], 50.0)
        self.assertEqual(totals["breach_count"], 3)
        month = datetime.combine(self.month_from, time.min)
        month_before = month - relativedelta(months=1)
        on_time = self._chart("cp-chart-reply-on-time")
        breaches = self._chart("cp-chart-breaches")
        self.assertEqual(breaches, {(month_before,): 1, (month,): 2})
        self.assertEqual(on_time[(month,)], 50.0)
        self.assertFalse(on_time[(month_before,)], "no reply yet")

    def test_visits_done_vs_planned_per_owner(self):
        visits = self._pivot(7)
        counts = {
            key: values["__count"] for key, values in visits.items() if len(key) == 2
        }
        self.assertEqual(
            counts,
            {
                (self.agent, "done"): 2,
                (self.agent, "missed"): 1,
                (self.agent_other, "done"): 1,
                (self.salesman, "done"): 3,
                (self.salesman, "planned"): 1,
                (self.salesman_2, "done"): 4,
                (self.salesman_2, "planned"): 1,
            },
            "cancelled visits are out",
        )

    def test_allocation(self):
        allocation = self._pivot(8)
        shares = {
            key[0]: (
                round(values["customer_share"], 2),
                round(values["value_share"], 2),
                round(values["visit_share"], 2),
                round(values["activity_share"], 2),
            )
            for key, values in allocation.items()
            if key
        }
        self.assertEqual(
            shares,
            {
                self.tier_major: (16.67, 70.18, 44.44, 75.0),
                self.tier_named: (33.33, 23.39, 33.33, 25.0),
                self.tier_non_named: (16.67, 5.85, 11.11, 0.0),
                self.tier_mass: (33.33, 0.58, 11.11, 0.0),
            },
        )

    def test_figures_follow_the_user(self):
        """A service manager without sales rights reads the service figures;
        the opportunities stay out of their reach."""
        self.assertEqual(self._pivot(6, self.service_manager)[()]["complaint_count"], 4)
        self.assertEqual(self._pivot(7, self.service_manager)[()]["__count"], 13)
        with self.assertRaises(AccessError):
            self._pivot(4, self.service_manager)
        # Sales managers read the service quality figures; salespeople do not.
        self.assertEqual(self._pivot(6, self.planning_manager)[()]["breach_count"], 3)
        with self.assertRaises(AccessError):
            self._pivot(6, self.salesman)
