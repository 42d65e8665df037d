/** @odoo-module **/
// A visitor without an account files a matter on /service/complaint and is
// thanked with its reference. Data: tests/test_complaint_public_form.py
// (TestComplaintPublicTour).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_customer_planning_complaint_public_form_tour", {
    steps: () => [
        {
            content: "name",
            trigger: ".o_public_complaint_form input#name",
            run: "edit Visitor Tour",
        },
        {
            content: "company",
            trigger: ".o_public_complaint_form input#company",
            run: "edit Tour Pumps",
        },
        {
            content: "phone",
            trigger: ".o_public_complaint_form input#phone",
            run: "edit +86 21 5555 0101",
        },
        {
            content: "what happened",
            trigger: ".o_public_complaint_form textarea#description",
            run: "edit Tour: the pump leaks at the seal",
        },
        {
            content: "type",
            trigger: ".o_public_complaint_form select#complaint_type",
            run: "select suggestion",
        },
        {
            content: "category",
            trigger: ".o_public_complaint_form select#category_id",
            run: "selectByLabel Pumps and Valves",
        },
        {
            content: "send",
            trigger: ".o_public_complaint_send",
            run: "click",
        },
        {
            content: "thanked with the reference",
            trigger: ".o_public_complaint_thanks .o_public_complaint_reference",
        },
    ],
});
