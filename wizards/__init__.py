from . import kam_contract_renew_wizard
from . import kam_service_request_reject_wizard
from . import survey_invite
from . import kam_kpi_snapshot_wizard
from . import kam_export_wizard
from . import kam_export_wizard_job
from . import kam_target_split_wizard
from . import kam_target_split_wizard_line
