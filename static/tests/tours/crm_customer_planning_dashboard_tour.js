/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const ERROR_TIMEOUT = 30000;

/** The spreadsheet model of the dashboard on screen, found in the component tree. */
function getDashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component?.props?.model;
        if (model?.getters?.getEvaluatedCells) {
            return model;
        }
        stack.push(...Object.values(node.children));
    }
    return null;
}

/** Wait until every cell is computed, then fail on any cell in error. */
async function checkDashboardCells() {
    const model = getDashboardModel();
    if (!model) {
        throw new Error("No spreadsheet model on the dashboard");
    }
    const sheetId = model.getters.getActiveSheetId();
    const start = Date.now();
    let cells = [];
    const loading = () => cells.filter(([, cell]) => cell.value === "Loading...");
    do {
        if (cells.length) {
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        cells = model.getters
            .getEvaluatedCellsPositions(sheetId)
            .map((position) => [position, model.getters.getEvaluatedCell(position)]);
    } while (loading().length && Date.now() - start < ERROR_TIMEOUT);
    if (loading().length) {
        throw new Error(
            `${loading().length} dashboard cells still loading after ${ERROR_TIMEOUT / 1000} s`
        );
    }
    const errors = cells
        .filter(([, cell]) => cell.type === "error")
        .map(
            ([position, cell]) =>
                `${String.fromCharCode(65 + position.col)}${position.row + 1}: ${cell.value} ${
                    cell.message || ""
                }`
        );
    if (errors.length) {
        throw new Error(`Dashboard cells in error: ${errors.join("; ")}`);
    }
    // The pyramid's total of customers (B7): the six customers of the test's
    // data (tests/common.py, DashboardCase).
    const total = model.getters.getEvaluatedCell({ sheetId, col: 1, row: 6 }).value;
    if (total !== 6) {
        throw new Error(`The tier pyramid counts ${total} customers, not 6`);
    }
}

registry.category("web_tour.tours").add("crm_customer_planning_dashboard_tour", {
    steps: () => [
        {
            content: "The Customer Planning dashboard is selected",
            trigger:
                ".o_spreadsheet_dashboard_action .o_search_panel_category_value.active[data-name='Customer Planning']",
        },
        {
            content: "The dashboard is drawn with its charts",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure",
        },
        {
            content: "No error while loading",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
        {
            content: "Every figure is computed without error",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
            run: checkDashboardCells,
        },
        // The manager opens a customer and its account plan.
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Customer Planning",
            trigger: ".o_app[data-menu-xmlid='crm_customer_planning.crm_customer_planning_menu_root']",
            run: "click",
        },
        {
            // The app opens on the manager's own accounts: show every customer.
            content: "Remove the My Accounts filter",
            trigger: ".o_searchview_facet:contains('My Accounts') .o_facet_remove",
            run: "click",
        },
        {
            content: "Show the customers as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the customer",
            trigger: ".o_list_view .o_data_cell:contains('Changjiang Heavy Industry')",
            run: "click",
        },
        {
            content: "The customer form is open",
            trigger: ".o_form_view .o_breadcrumb:contains('Changjiang Heavy Industry')",
        },
        {
            content: "Open the actions menu",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "The account plan can be printed",
            trigger: ".o-dropdown--menu .o_menu_item:contains('Account Plan')",
            async run() {
                const customerId = parseInt(window.location.pathname.split("/").pop(), 10);
                if (!customerId) {
                    throw new Error(`No customer id in ${window.location.pathname}`);
                }
                const response = await fetch(
                    `/report/html/crm_customer_planning.report_account_plan/${customerId}`
                );
                const html = await response.text();
                if (!response.ok || !html.includes("Account Plan: ")) {
                    throw new Error(`The account plan did not render (${response.status})`);
                }
                for (const text of ["Changjiang Heavy Industry", "Buying Organisation", "Major Account"]) {
                    if (!html.includes(text)) {
                        throw new Error(`The account plan lacks “${text}”`);
                    }
                }
            },
        },
    ],
});
