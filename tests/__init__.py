from . import test_install
from . import test_tier_classification
from . import test_group_hierarchy
from . import test_decision_map
from . import test_key_account_access
from . import test_contract
from . import test_contract_cron
from . import test_contract_portal
