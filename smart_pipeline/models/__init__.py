from . import crm_conversation_table
from . import crm_conversation_topic
from . import crm_conversation_channel
from . import crm_conversation
from . import mail_activity
from . import res_partner
from . import res_users
from . import res_company
from . import res_config_settings
from . import calendar_event
from . import crm_stage
from . import crm_lead
from . import crm_lost_reason
from . import crm_pipeline_overview
from . import crm_pipeline_flow
from . import crm_followup_digest
from . import crm_team
from . import crm_objective_period_mixin
from . import crm_objective
from . import crm_objective_measure_mixin
from . import crm_objective_line
from . import crm_objective_template
from . import crm_objective_template_line
from . import ir_model_fields

# after every model whose columns they read (crm.stage's outcome...)
from . import crm_conversation_summary
from . import crm_conversation_stage_summary
