/** @odoo-module **/
// A service agent receives a customer's complaint on the phone, answers the
// customer, resolves it, records the return visit and closes it.
// Data: tests/test_tours.py (TestComplaintTour).
import {registry} from "@web/core/registry";

const SUBJECT = "Tour: spindle overheats after two hours";

function currentStage(label) {
    return {
        content: `the complaint is at stage “${label}”`,
        trigger: `.o_form_view .o_statusbar_status button[aria-checked=true]:contains("${label}")`,
    };
}

function pickMany2one(field, search, label) {
    return [
        {
            content: `search ${field}`,
            trigger: `.o_form_view .o_field_widget[name=${field}] input`,
            run: `edit ${search}`,
        },
        {
            content: `choose ${label}`,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item:contains("${label}")`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_customer_planning_complaint_tour", {
    steps: () => [
        {
            content: "record a new complaint",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "what the customer said",
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: `edit ${SUBJECT}`,
        },
        ...pickMany2one("partner_id", "Huadong", "Huadong Machinery"),
        ...pickMany2one("category_id", "Quality (test)", "Quality (test)"),
        {
            content: "the category's team handles it",
            trigger:
                ".o_form_view .o_field_widget[name=team_id] input:value(Quality Service)",
        },
        {
            content: "save: the agent who received it owns it",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "it has a reference",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(CMP/)",
        },
        currentStage("New"),
        {
            content: "answer the customer: Send message, not Log note",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "write the answer",
            trigger: ".o-mail-Composer-input",
            run: "edit A technician visits you tomorrow morning to check the spindle.",
        },
        {
            content: "send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "the answer is in the chatter",
            trigger: ".o-mail-Message:contains(A technician visits you tomorrow)",
        },
        {
            content: "resolve the complaint",
            trigger:
                '.o_form_view .o_statusbar_status button[aria-checked=false]:contains("Resolved")',
            run: "click",
        },
        currentStage("Resolved"),
        {
            content: "the first answer stopped the reply clock",
            trigger: ".o_form_view .o_field_widget[name=first_reply_date]",
        },
        {
            content: "the return visit is planned for the owner",
            trigger: ".o_form_view .oe_stat_button[name=action_view_return_visits]",
        },
        {
            content: "call the customer back: record the return visit",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_open_return_visit]",
            run: "click",
        },
        {
            content: "the customer is satisfied",
            trigger: ".modal .o_field_widget[name=satisfaction] input[data-value='4']",
            run: "click",
        },
        {
            content: "in the customer's words",
            trigger: ".modal .o_field_widget[name=customer_feedback] textarea",
            run: "edit The spindle runs cool now, thank you.",
        },
        {
            content: "record",
            trigger: ".modal footer button[name=action_apply]",
            run: "click",
        },
        {
            content: "the wizard is closed",
            trigger: "body:not(:has(.modal .o_form_view))",
        },
        currentStage("Return Visit Done"),
        {
            content: "close the complaint",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        {
            content: "closed",
            trigger: ".o_form_view .o_field_widget[name=date_closed]",
        },
    ],
});
