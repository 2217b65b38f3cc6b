import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_portal_chatter_year_tour", {
    steps: () => [
        {
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Line checked on site)",
            content: "The portal's chatter is loaded (its bundle may be built first)",
            timeout: 60000,
        },
        {
            trigger: `#chatterRoot:shadow .o-mail-Message:contains(Line checked on site) .o-mail-Message-date:contains(${luxon.DateTime.now().year})`,
            content: "A message of earlier this year shows its year",
        },
    ],
});
