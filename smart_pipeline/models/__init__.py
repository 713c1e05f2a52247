
from . import crm_conversation_topic
from . import crm_conversation_channel
from . import crm_conversation
from . import res_partner
from . import res_users
from . import calendar_event
from . import crm_stage
from . import crm_lead
from . import crm_pipeline_overview
from . import crm_followup_digest
from . import crm_team
from . import crm_objective
from . import crm_objective_measure_mixin
from . import crm_objective_line
from . import crm_objective_template
from . import crm_objective_template_line
