/** @odoo-module **/
/* Every menu of the Customer Planning app, opened as the user running the
 * tour (tests/test_menu_walk.py runs it as each role): each action, each of
 * its views and the form of its first record. The test fails on any error
 * dialog or any error in the browser console, as Odoo's "click everywhere"
 * (web's clickbot), but only over this app's menus and without the filters. */

import {registry} from "@web/core/registry";
import {rpcBus} from "@web/core/network/rpc";

const ROOT_MENU = "crm_customer_planning.crm_customer_planning_menu_root";
const TIMEOUT = 20000;

let pendingRpcs = 0;
rpcBus.addEventListener("RPC:REQUEST", () => pendingRpcs++);
rpcBus.addEventListener("RPC:RESPONSE", () => pendingRpcs--);

function errorDialog() {
    const dialog = document.querySelector(".o_error_dialog");
    return dialog && dialog.innerText;
}

/** Wait until `condition()` holds, no RPC is pending and the screen is still. */
async function settle(what, condition = () => true) {
    const start = Date.now();
    let quietSince = null;
    for (;;) {
        const error = errorDialog();
        if (error) {
            throw new Error(`${what}: error dialog: ${error}`);
        }
        if (condition() && pendingRpcs <= 0) {
            quietSince = quietSince || Date.now();
            if (Date.now() - quietSince >= 300) {
                return;
            }
        } else {
            quietSince = null;
        }
        if (Date.now() - start > TIMEOUT) {
            throw new Error(`${what}: still loading after ${TIMEOUT / 1000} s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** The menus below the app's root that open an action, in menu order. */
function actionMenus(menuService) {
    const root = menuService.getAll().find((menu) => menu.xmlid === ROOT_MENU);
    if (!root) {
        throw new Error(`The menu ${ROOT_MENU} is not visible`);
    }
    const walk = (menu) =>
        menu.children
            .map((id) => menuService.getMenu(id))
            .flatMap((child) => [...(child.actionID ? [child] : []), ...walk(child)]);
    return walk(root);
}

/** The id of the first real record the view on screen shows for `resModel`:
 * none when the view shows sample data (sample records have made-up ids). */
function firstRecordId(resModel) {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component?.model;
        const root = model?.root;
        if (root?.resModel === resModel && "records" in root) {
            if (model.useSampleModel || !root.records.length) {
                return null;
            }
            const record = root.records[0];
            // Grouped views: the first record of the first open group.
            return record.resId || record.list?.records?.[0]?.resId || null;
        }
        stack.push(...Object.values(node.children));
    }
    return null;
}

// A tour step may take one minute at most: one step a menu, up to MAX_MENUS.
const MAX_MENUS = 50;
const STEP_TIMEOUT = 60000;
const walk = {menus: null, opened: []};

function listMenus() {
    const env = odoo.__WOWL_DEBUG__.root.env;
    // Where the user landed: tests/test_menu_walk.py checks it is their home action.
    const landing = env.services.action.currentController?.action;
    console.log(`Menu walk: landed on ${landing?.xml_id || landing?.id}`);
    walk.menus = actionMenus(env.services.menu);
    walk.opened = [];
    if (!walk.menus.length || walk.menus.length > MAX_MENUS) {
        throw new Error(
            `The menu walk found ${walk.menus.length} menus (1 to ${MAX_MENUS})`
        );
    }
    console.log(`Menu walk: ${walk.menus.length} menus`);
}

async function openMenu(index) {
    const menu = walk.menus[index];
    if (!menu) {
        return;
    }
    const env = odoo.__WOWL_DEBUG__.root.env;
    const actionService = env.services.action;
    const what = `menu ${menu.xmlid} (${menu.name})`;
    console.log(`Menu walk: ${what}`);
    await env.services.menu.selectMenu(menu);
    await settle(what, () => document.querySelector(".o_action_manager > .o_action"));
    const controller = actionService.currentController;
    if (controller?.action?.type === "ir.actions.act_window") {
        const hasForm = controller.action.views.some(([, type]) => type === "form");
        const resId = hasForm && firstRecordId(controller.action.res_model);
        const switches = [
            ...document.querySelectorAll(
                "nav.o_cp_switch_buttons > button.o_switch_view:not(.active)"
            ),
        ].map((button) =>
            [...button.classList]
                .find((c) => c.startsWith("o_") && c !== "o_switch_view")
                .slice(2)
        );
        for (const viewType of switches) {
            console.log(`Menu walk: ${what}, ${viewType} view`);
            document
                .querySelector(
                    `nav.o_cp_switch_buttons > button.o_switch_view.o_${viewType}`
                )
                .click();
            await settle(`${what}, ${viewType} view`, () =>
                document.querySelector(`.o_switch_view.o_${viewType}.active`)
            );
        }
        if (resId) {
            console.log(`Menu walk: ${what}, form of record ${resId}`);
            await actionService.switchView("form", {resId});
            await settle(`${what}, form of record ${resId}`, () =>
                document.querySelector(".o_form_view")
            );
        }
    }
    walk.opened.push(menu.xmlid);
}

function checkAllOpened() {
    if (walk.opened.length !== walk.menus.length) {
        throw new Error(`Opened ${walk.opened.length} of ${walk.menus.length} menus`);
    }
    console.log(
        `Menu walk: opened ${walk.opened.length} menus: ${walk.opened.join(", ")}`
    );
}

registry.category("web_tour.tours").add("crm_customer_planning_menu_walk_tour", {
    steps: () => [
        {
            content: "Land on the home action, then list the app's menus",
            trigger: ".o_action_manager > .o_action",
            run: listMenus,
        },
        ...[...Array(MAX_MENUS).keys()].map((index) => ({
            content: `Open menu ${index + 1} of the app, its views and a record`,
            trigger: "body",
            timeout: STEP_TIMEOUT,
            run: () => openMenu(index),
        })),
        {
            content: "Every menu opened",
            trigger: "body",
            run: checkAllOpened,
        },
    ],
});
