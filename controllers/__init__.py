from . import (
    json2,
    kam_sms,
    portal_agent,
    portal_announcement,
    portal_contract,
    portal_marketing,
    portal_member,
    portal_project,
    portal_service_request,
)
