from . import kam_contract_renew_wizard
