
from . import crm_conversation_quick_add
from . import crm_lead_lost
from . import crm_conversation_reschedule
from . import crm_followup_report_wizard
from . import crm_duplicate_check
from . import crm_objective_apply
from . import crm_objective_analysis
from . import crm_objective_analysis_line
from . import crm_conversation_quick_add_lost_reason
from . import crm_pipeline_overview_print
