{
    # Apps shows and searches these before the addon's translations exist
    # (they load at install): Chinese first, then English.
    'name': "大客户管理 Key Account Management",
    'version': '19.0.1.6.0',
    'category': 'Sales/CRM',
    'summary': "政企大客户：客户分级、集团客户、决策链、合同到期提醒、交付项目与客户门户。"
               "Key accounts of a telecom enterprise division: tiers, groups, "
               "decision maps, contracts, delivery projects, customer portal",
    # the Apps page is static/description/index.html (index_zh_CN.html in Chinese)
    'author': "大客户管理项目组 (Key Account Management team)",
    'license': 'LGPL-3',
    'application': True,
    # crm: opportunities on accounts; contacts: the partner menus we extend;
    # portal: customers' own staff; hr: departments in delivery projects;
    # survey: return-visit questionnaires and the certification exams of
    # account managers' training; web_hierarchy: group and
    # decision-map org charts; product: the services on contract lines.
    # rating: the customer's 1-5 feedback on done work orders (Odoo's own
    # rating mechanism); base_import: group members imported from xlsx/csv
    # with a downloadable template; resource (working-hours calendars of the
    # SLA) comes with hr. spreadsheet_dashboard: the KPI dashboard shipped
    # as a spreadsheet in Odoo's Dashboards app, which managers duplicate
    # and adapt without a developer. sms: group SMS to customers and
    # reminders to managers through Odoo's SMS queue, trackers and opt-out
    # list, with the operator's own HTTP gateway as a provider beside IAP.
    # rpc: the JSON-2 API integrators call; its errors answered in their language.
    # base_tier_validation (OCA, 19.0 from PyPI, see requirements.txt):
    # multi-level approvals of tariff and discount applications and of work
    # orders (it replaced the work-order types' single approval flag), reviewers by
    # level defined by a domain (discount depth, amount), sequential or
    # parallel, with comments and reminders, editable by the administrator
    # instead of approval code of our own. It is AGPL-3: a database running
    # both is offered to its users under the AGPL's terms.
    # Not used: OCA mis_builder + mis_builder_budget (19.0) for targets: they
    # depend on account (with board, report_xlsx, date_range) and budget
    # accounting or analytic KPI expressions of a report template, with no
    # province / region / team / manager levels, no split whose parts add up
    # and no rules by region; the addon holds no accounting. Its targets
    # (kam.target) are read from the KPI snapshots it already keeps.
    # Not used: OCA commission_oca (19.0) for the agents' fees: it settles
    # commissions of agents set on invoice and sale lines (commission_account
    # / commission_sale need account and sale) by percentage or section rules
    # on the lines' amounts. The agents' fees here are a sales fee on the
    # billed revenue of the accounts an agent brought and a service fee per
    # work order done within its service level: neither is an invoice or
    # sale line, and the addon holds no accounting. The monthly fee
    # statements (kam.agent.statement) compute them from the billing lines
    # and work orders with grouped reads.
    'depends': [
        'base', 'mail', 'contacts', 'crm', 'portal', 'hr', 'survey',
        'web_hierarchy', 'product', 'rating', 'base_import', 'spreadsheet_dashboard', 'sms',
        'rpc', 'base_tier_validation',
    ],
    # xlsxwriter: the management workbooks; phonenumbers: members' mobile
    # numbers checked as Chinese mobiles (also what Odoo's phone formatting uses)
    'external_dependencies': {'python': ['xlsxwriter', 'phonenumbers']},
    'data': [
        'security/kam_security.xml',
        'security/kam_rules_delivery.xml',
        'security/kam_rules_retention.xml',
        'security/kam_rules_reach.xml',
        'security/kam_security_backoffice.xml',
        'security/kam_rules_billing.xml',
        'security/kam_rules_targets.xml',
        'security/kam_rules_profile.xml',
        'security/kam_rules_census.xml',
        'security/kam_rules_signup.xml',
        'security/kam_rules_steps.xml',
        'security/kam_rules_appraisal.xml',
        'security/kam_rules_dispatch.xml',
        'security/kam_security_data_protection.xml',
        'security/kam_security_privacy.xml',
        'security/ir.model.access.csv',
        'data/kam_tier_data.xml',
        'data/kam_industry_data.xml',
        'data/kam_cron_data.xml',
        'data/kam_privacy_data.xml',
        'views/kam_industry_views.xml',
        'views/kam_tier_views.xml',
        'views/kam_region_views.xml',
        'views/res_partner_views.xml',
        'views/res_partner_region_views.xml',
        'views/kam_health_views.xml',
        'views/res_partner_decision_map_views.xml',
        'views/res_config_settings_views.xml',
        'data/kam_project_data.xml',
        'views/kam_delay_reason_views.xml',
        'views/kam_project_views.xml',
        'views/kam_project_task_views.xml',
        'views/portal_kam_templates.xml',
        'views/portal_project_templates.xml',
        # contracts
        'data/kam_contract_data.xml',
        'report/kam_contract_report.xml',
        'report/kam_account_dossier_report.xml',
        'views/res_partner_dossier_views.xml',
        'views/kam_contract_views.xml',
        'wizards/kam_contract_renew_wizard_views.xml',
        'views/portal_contract_templates.xml',
        # group members
        'views/kam_member_views.xml',
        # work orders
        'data/kam_service_request_data.xml',
        'data/kam_service_request_tier_data.xml',
        'views/kam_service_request_type_views.xml',
        'views/kam_service_request_views.xml',
        'wizards/kam_service_request_reject_wizard_views.xml',
        'views/portal_member_templates.xml',
        'views/portal_service_request_templates.xml',
        'views/kam_green_channel_views.xml',
        # retention
        'data/kam_retention_data.xml',
        'views/kam_retention_reason_views.xml',
        'views/kam_competitor_offer_views.xml',
        'views/kam_retention_case_views.xml',
        'views/kam_visit_views.xml',
        # account plans
        'data/kam_account_plan_data.xml',
        'report/kam_account_plan_report.xml',
        'views/kam_account_plan_views.xml',
        # SMS
        'data/kam_sms_data.xml',
        'views/kam_sms_send_views.xml',
        'views/res_users_sms_views.xml',
        # KPIs and reporting
        'views/kam_kpi_snapshot_views.xml',
        'wizards/kam_kpi_snapshot_wizard_views.xml',
        'views/kam_target_views.xml',
        'wizards/kam_target_split_wizard_views.xml',
        'data/kam_scorecard_data.xml',
        'views/kam_scorecard_views.xml',
        'data/kam_appraisal_data.xml',
        'views/kam_appraisal_views.xml',
        'data/kam_report_data.xml',
        'wizards/kam_export_wizard_views.xml',
        # knowledge base and announcements
        'data/kam_announcement_data.xml',
        'views/kam_knowledge_article_views.xml',
        'views/kam_announcement_views.xml',
        'views/portal_announcement_templates.xml',
        # whitespace, opportunities and marketing plans
        'data/kam_service_category_data.xml',
        'views/kam_service_category_views.xml',
        'views/product_template_views.xml',
        'views/kam_whitespace_cell_views.xml',
        'views/kam_marketing_plan_views.xml',
        'views/crm_lead_marketing_views.xml',
        'views/kam_contract_marketing_views.xml',
        'views/res_partner_opportunity_views.xml',
        'views/portal_marketing_templates.xml',
        # training and exams
        'data/kam_training_data.xml',
        'views/kam_training_plan_views.xml',
        'views/kam_training_result_views.xml',
        # agent channels
        'data/kam_agent_data.xml',
        'views/kam_agent_views.xml',
        'views/portal_agent_templates.xml',
        'views/kam_agent_fee_views.xml',
        'views/portal_agent_statement_templates.xml',
        # tariff and discount applications
        'data/kam_tariff_application_data.xml',
        'views/kam_tariff_application_views.xml',
        'views/portal_tariff_application_templates.xml',
        'views/res_partner_work_views.xml',
        # the operator's own numbers: billing and arrears
        'data/kam_billing_data.xml',
        'views/kam_billing_views.xml',
        'views/kam_wallet_estimate_views.xml',
        'wizards/kam_billing_import_wizard_views.xml',
        # acquisition: grids, the census, clean customer data
        'views/kam_grid_views.xml',
        'views/kam_census_entry_views.xml',
        'views/res_partner_census_views.xml',
        'views/kam_menus.xml',
        # the public sign-up page: after the acquisition menu and the settings form
        'views/kam_signup_request_views.xml',
        'views/kam_signup_templates.xml',
        'wizards/base_partner_merge_views.xml',
        # masked numbers' Show buttons and the processing log: after the menus
        'views/kam_privacy_views.xml',
        'views/kam_contact_profile_views.xml',
        # personal data: consents to marketing SMS, people's data requests, retention
        'data/kam_data_protection_data.xml',
        'views/kam_data_protection_views.xml',
        # provisioning steps of work orders and the departments' demand forecast
        'data/kam_step_data.xml',
        'views/kam_step_views.xml',
        'views/kam_step_forecast_views.xml',
        'views/kam_step_portal_templates.xml',
        # work-order approvals and dispatch: their menus go under the menus above
        'views/kam_service_request_tier_views.xml',
        'views/kam_dispatch_rule_views.xml',
        'views/kam_dispatch_board_views.xml',
        # the dashboard's charts open the KPI menu: after the menus
        'data/kam_dashboard_data.xml',
    ],
    'demo': [
        # first: the demo's jobs write in the addon's translations
        'demo/kam_demo_language.xml',
        'demo/kam_demo_users.xml',
        'demo/kam_demo_accounts.xml',
        'demo/kam_demo_contact_profiles.xml',
        'demo/kam_demo_accounts_more.xml',
        'demo/kam_demo_regions.xml',
        'demo/kam_demo_portal_users.xml',
        # before the health job of the retention demo, which reads it
        'demo/kam_demo_billing.xml',
        'demo/kam_demo_projects.xml',
        'demo/kam_demo_contracts.xml',
        'demo/kam_demo_duplicates.xml',
        'demo/kam_demo_members.xml',
        'demo/kam_demo_service_requests.xml',
        'demo/kam_demo_retention.xml',
        'demo/kam_demo_sms.xml',
        'demo/kam_demo_kpi.xml',
        'demo/kam_demo_account_plans.xml',
        'demo/kam_demo_knowledge.xml',
        'demo/kam_demo_growth.xml',
        'demo/kam_demo_wallet.xml',
        # after the private-line product of the growth demo
        'demo/kam_demo_steps.xml',
        'demo/kam_demo_training.xml',
        'demo/kam_demo_agents.xml',
        'demo/kam_demo_tariff_applications.xml',
        'demo/kam_demo_targets.xml',
        'demo/kam_demo_census.xml',
        'demo/kam_demo_signup.xml',
        'demo/kam_demo_appraisal.xml',
        'demo/kam_demo_dispatch.xml',
        'demo/kam_demo_data_protection.xml',
    ],
    'assets': {
        'web.assets_backend': [
            'key_account_management/static/src/scss/kam_backend.scss',
            'key_account_management/static/src/whitespace/*',
        ],
        'web.assets_frontend': [
            'key_account_management/static/src/interactions/*.js',
        ],
        'web.assets_tests': [
            'key_account_management/static/tests/tours/*.js',
        ],
        # the customers' portal chatter: dates with their year
        'portal.assets_chatter': [
            'key_account_management/static/src/portal_chatter/*.js',
        ],
    },
}
