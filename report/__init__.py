from . import kam_account_dossier_report
