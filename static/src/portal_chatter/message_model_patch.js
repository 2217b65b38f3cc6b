import { Message } from "@mail/core/common/message_model";
import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";

const { DateTime } = luxon;

/**
 * In the customers' portal a message's date always carries its year
 * ("2026年3月2日 10:15", not "3月2日 10:15"): a customer reads work orders
 * and contracts that run over several years. Today's and yesterday's
 * messages keep their short form.
 */
patch(Message.prototype, {
    get dateSimpleWithDay() {
        const now = DateTime.now();
        if (
            this.datetime.hasSame(now, "day") ||
            this.datetime.hasSame(now.minus({ day: 1 }), "day")
        ) {
            return super.dateSimpleWithDay;
        }
        return this.datetime.toLocaleString(DateTime.DATETIME_MED, { locale: user.lang });
    },
});
