from . import crm_pipeline_overview_report
from . import crm_followup_statistics
from . import crm_followup_report
from . import crm_objective_report
from . import crm_pipeline_overview_xlsx
from . import crm_followup_statistics_xlsx
from . import crm_pipeline_forecast_report
from . import crm_pipeline_forecast_xlsx
