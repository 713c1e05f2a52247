# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How much work one request may ask for: the one home of the bounds of the
features that split a range of dates into periods. A request beyond a bound
is refused with a UserError naming the bound, before the work starts, so
that no client (screen, print wizard, report, XML-RPC) can make one worker
split centuries into days. Documented for users in readme/USAGE.rst
("Limits of one request").

The other features take a range of dates as one period (the overview, the
flow, the follow-up statistics and their PDF and Excel reports): one SQL
aggregation whatever the range, and the rows they list (the flow's monthly
cohorts, the follow-up lines) are bounded by the data, not by the request.
"""

# Objective analysis, its graph, pivot and PDF: (measure, occurrence) periods
# measured in one request. 2,000 is a daily objective with one measure over
# five years, or 20 monthly measures of 8 salespeople over a year.
MAX_ANALYSIS_PERIODS = 2000

# Pipeline trend of the overview screen (get_trend): month-end points in one
# request, five years.
TREND_MAX_POINTS = 60

# Forecast (get_forecast and its screen, report and Excel sheet): calendar
# months in one request, five years.
FORECAST_MAX_MONTHS = 60
