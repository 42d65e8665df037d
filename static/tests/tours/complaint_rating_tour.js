/** @odoo-module **/
// The customer opens the "Okay" link of the rating mail on Odoo's rating page,
// picks the happy face instead, writes a comment and sends it.
// Data: tests/test_complaint_rating.py (TestComplaintRatingTour).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_customer_planning_complaint_rating_tour", {
    steps: () => [
        {
            content: "the face clicked in the mail is chosen",
            trigger: ".o_rating_page_submit input#rate_3:checked",
        },
        {
            content: "pick the happy face",
            trigger: ".o_rating_page_submit label[for=rate_5]",
            run: "click",
        },
        {
            content: "the happy face is chosen",
            trigger: ".o_rating_page_submit input#rate_5:checked",
        },
        {
            content: "write a comment",
            trigger: ".o_rating_page_submit textarea[name=feedback]",
            run: "edit Fixed in a day, thank you.",
        },
        {
            content: "send the rating",
            trigger: ".o_rating_page_submit button[type=submit]",
            run: "click",
        },
        {
            content: "thanked",
            trigger: ".o_rating_page_thank_you h3:contains(Thank you for your feedback)",
        },
    ],
});
