/** @odoo-module **/
// A salesperson tries to move an opportunity into a gated stage, is stopped,
// screens it through the four steps with the wizard and then moves it.
// Data: tests/test_tours.py (TestScreeningTour).
import {registry} from "@web/core/registry";

const LEAD = "Tour Spindle Retrofit";
const GATED_STAGE = "Proposition";

function currentStep(label) {
    return {
        content: `the wizard is at step “${label}”`,
        trigger: `.modal .o_statusbar_status button[aria-checked=true]:contains("${label}")`,
    };
}

function answerYesAndGoOn(label) {
    return [
        currentStep(label),
        {
            content: "edit the question's row",
            trigger: ".modal .o_data_row td[name=answer]",
            run: "click",
        },
        {
            content: "answer Yes",
            trigger:
                ".modal .o_data_row.o_selected_row .o_field_widget[name=answer] input[data-value=yes]",
            run: "click",
        },
        {
            content: "the preview says the step passes",
            trigger: ".modal .alert-success:contains(the step passes)",
        },
        {
            content: "Save & Next",
            trigger: ".modal footer button[name=action_next]",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_customer_planning_screening_tour", {
    steps: () => [
        {
            content: "open the opportunity from the pipeline",
            trigger: `.o_kanban_record:contains("${LEAD}")`,
            run: "click",
        },
        {
            content: "no step passed yet",
            trigger:
                ".o_form_view .o_field_widget[name=qualification_recommendation]:contains(Review)",
        },
        {
            content: "try to move it into the gated stage",
            trigger: `.o_statusbar_status button[aria-checked=false]:contains("${GATED_STAGE}")`,
            run: "click",
        },
        {
            content: "the stage gate stops it",
            trigger: ".modal:contains(cannot enter stage):contains(Screen it first)",
        },
        {
            content: "close the message",
            trigger: ".modal:contains(cannot enter stage) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "discard the refused move",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "the opportunity stays in its stage",
            trigger: `.o_statusbar_status button[aria-checked=false]:contains("${GATED_STAGE}")`,
        },
        {
            content: "start the screening",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_qualification_start]",
            run: "click",
        },
        ...answerYesAndGoOn("Is it a real opportunity?"),
        ...answerYesAndGoOn("Can we compete?"),
        ...answerYesAndGoOn("Can we win?"),
        ...answerYesAndGoOn("Is it worth winning?"),
        {
            content: "every step passed",
            trigger: `.o_notification:contains("${LEAD}"):contains(passed every required step)`,
        },
        {
            content: "the wizard is closed",
            trigger: "body:not(:has(.modal .o_form_view))",
        },
        {
            content: "the recommendation is now Pursue",
            trigger:
                ".o_form_view .o_field_widget[name=qualification_recommendation]:contains(Pursue)",
        },
        {
            content: "move it into the gated stage",
            trigger: `.o_statusbar_status button[aria-checked=false]:contains("${GATED_STAGE}")`,
            run: "click",
        },
        {
            content: "the gate lets it through",
            trigger: `.o_statusbar_status button[aria-checked=true]:contains("${GATED_STAGE}")`,
        },
        {
            content: "saved",
            trigger:
                ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});
