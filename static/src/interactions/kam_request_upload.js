import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The portal work-order form checks the size of its files before sending
 * them: a file above the limit of one attachment, or files together above
 * the limit of the form, show the product's message (rendered by the
 * server in the customer's language) instead of being posted.
 */
export class KamRequestUpload extends Interaction {
    static selector = "form.o_kam_request_form";
    dynamicContent = {
        "input[type='file']": { "t-on-change": this.check },
        _root: { "t-on-submit": this.onSubmit },
    };

    tooLarge() {
        const maxFile = Number(this.el.dataset.kamMaxFileBytes);
        const maxTotal = Number(this.el.dataset.kamMaxTotalBytes);
        let total = 0;
        for (const input of this.el.querySelectorAll("input[type='file']")) {
            for (const file of input.files) {
                if (file.size > maxFile) {
                    return true;
                }
                total += file.size;
            }
        }
        return total > maxTotal;
    }

    check() {
        const tooLarge = this.tooLarge();
        document.querySelector(".o_kam_upload_too_large")?.classList.toggle("d-none", !tooLarge);
        return tooLarge;
    }

    onSubmit(ev) {
        if (this.check()) {
            ev.preventDefault();
            document.querySelector(".o_kam_upload_too_large")?.scrollIntoView();
        }
    }
}

registry.category("public.interactions").add("key_account_management.request_upload", KamRequestUpload);
