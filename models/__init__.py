from . import kam_industry
from . import kam_tier
from . import kam_team_member
from . import res_partner
from . import res_users
from . import res_config_settings
from . import kam_contract
from . import kam_contract_line
