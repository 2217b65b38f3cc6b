from . import portal_project
from . import portal_contract
from . import portal_member
from . import portal_service_request
from . import portal_announcement
from . import portal_marketing
from . import kam_sms
from . import portal_agent
