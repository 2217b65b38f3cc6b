from . import (
    kam_contract_renew_wizard,
    kam_export_wizard,
    kam_export_wizard_job,
    kam_kpi_snapshot_wizard,
    kam_service_request_reject_wizard,
    survey_invite,
)
