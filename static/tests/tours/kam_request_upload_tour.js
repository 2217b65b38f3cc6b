import { registry } from "@web/core/registry";

// A file of 2 MB on a portal whose limit is 1 MB per attachment.
registry.category("web_tour.tours").add("kam_request_upload_size_tour", {
    steps: () => [
        {
            trigger: "form.o_kam_request_form input[name='attachments']",
            content: "Choose a file above the limit",
            run() {
                const dataTransfer = new DataTransfer();
                dataTransfer.items.add(
                    new File([new Uint8Array(2 * 1024 * 1024)], "scan.pdf", { type: "application/pdf" })
                );
                this.anchor.files = dataTransfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".o_kam_upload_too_large:not(.d-none):contains('1 MB each at most')",
            content: "The limit is told at once",
        },
        {
            trigger: "input[name='line_0_number']",
            run: "edit 13805710001",
        },
        {
            trigger: "button.o_kam_request_submit",
            content: "Submitting is stopped before anything is sent",
            run: "click",
        },
        {
            trigger: "form.o_kam_request_form .o_kam_request_submit",
            content: "Still on the form, with the message",
            run() {
                const alert = document.querySelector(".o_kam_upload_too_large");
                if (alert.classList.contains("d-none")) {
                    throw new Error("the size message is hidden");
                }
            },
        },
    ],
});
