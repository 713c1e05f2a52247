# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from io import BytesIO

import openpyxl

from odoo.tests.common import at_install, post_install

from .common import PipelineOverviewCase, ServerCursorCase, create_user


def read_sections(content):
    """{sheet title: {section title: rows}} of a workbook written by the
    exports: a section is a bold title in column A followed by its rows up to
    the next blank row. Read back with openpyxl, not the library that wrote it."""
    workbook = openpyxl.load_workbook(BytesIO(content), data_only=True)
    result = {}
    for sheet in workbook.worksheets:
        sections, current = {}, None
        for row in sheet.iter_rows(values_only=True):
            values = list(row)
            while values and values[-1] in (None, ""):
                values.pop()
            if not values:
                current = None
            elif current is None:
                current = sections.setdefault(values[0], [])
            else:
                current.append(values)
        result[sheet.title] = sections
    return result


class TestPipelineOverviewXlsx(PipelineOverviewCase):
    """The Excel download of the overview holds the figures of get_overview()
    and get_flow(), and the filters they were computed with."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env.ref("smart_pipeline.crm_pipeline_overview_xlsx_action")
        cls.print_record = cls._create_print_record()

    def _export(self):
        content, extension = self.report.sudo(self.manager).render(self.print_record.ids, {})
        self.assertEqual(extension, "xlsx")
        return read_sections(content)

    def test_action_of_the_screen_button(self):
        action = self.print_record.sudo(self.manager).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["context"]["active_ids"], self.print_record.ids)

    def test_overview_sheet_equals_get_overview(self):
        overview = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_overview(**self.print_record.get_filter_values())
        )
        sheet = self._export()["Overview"]
        self.assertEqual(sheet["Sales Pipeline Overview"], [])
        filters = dict(sheet["Filters"])
        self.assertEqual(filters["From"], "01/01/2026")
        self.assertEqual(filters["To"], "03/31/2026")
        self.assertEqual(filters["Reference Date"], "03/20/2026")
        self.assertEqual(filters["Sales Teams"], "Overview Team A, Overview Team B")
        self.assertEqual(filters["Salespeople"], "All salespeople")
        self.assertEqual(
            dict(sheet["Headline Figures"]),
            {
                "In Pipeline": overview["in_pipeline"],
                "Won": overview["won"],
                "Lost": overview["lost"],
                "Win %": overview["win_rate"],
                "New Prospects": overview["new_prospects"],
                "Avg. Days to Close": overview["avg_days_to_close"],
                "Days before Pipeline": overview["avg_days_before_pipeline"],
            },
        )
        # the hand-worked figures of the test data, to be sure both are right
        self.assertEqual(dict(sheet["Headline Figures"])["Win %"], 50.0)
        stages = sheet["Customers per Pipeline Stage"]
        self.assertEqual(stages[0], ["Stage", "Customers", "In Process", "Won"])
        self.assertEqual(
            stages[1:],
            [[s["name"], s["customers"], s["in_process"], s["won"]] for s in overview["stages"]],
        )
        self.assertIn(["Initial Contact", 1, 7, 2], stages)
        reasons = sheet["Lost Reasons"]
        self.assertEqual(
            reasons[1:], [[r["name"], r["customers"]] for r in overview["lost_reasons"]]
        )
        deals = overview["deals"]
        self.assertEqual(
            sheet["Deals in the Pipeline"][1],
            [deals["count"], deals["avg_amount"], deals["total_amount"], deals["weighted_amount"]],
        )
        self.assertEqual(
            sheet["Employees"][1:],
            [
                [
                    e["name"],
                    e["conversations"],
                    e["minutes"],
                    e["customers"],
                    e["won"],
                    e["lost"],
                    e["win_rate"],
                ]
                for e in overview["employees"]
            ],
        )
        self.assertEqual(len(sheet["Employees"]), 3)  # header and two salespeople

    def test_flow_sheet_equals_get_flow(self):
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        if not hasattr(Overview, "get_flow"):
            self.skipTest("no flow engine")
        flow = Overview.get_flow(**self.print_record.get_filter_values())
        sheet = self._export()["Flow"]
        self.assertEqual(
            sheet["Flow per Stage"][1:],
            [
                [
                    s["name"],
                    s["entered"],
                    s["avg_days"],
                    s["median_days"],
                    s["reached"],
                    s["conversion"],
                    s["stale"],
                ]
                for s in flow["stages"]
            ],
        )
        velocity = dict(sheet["Velocity"])
        self.assertEqual(velocity["Revenue per Day"], flow["velocity"]["revenue_per_day"])
        self.assertEqual(velocity["Win % by Value"], flow["win_rate_value"])
        self.assertEqual(velocity["No Next Step"], flow["no_next_step"])
        self.assertEqual(
            sheet["Cohorts"][1:],
            [
                [
                    c["month"],
                    c["customers"],
                    c["open"],
                    c["won"],
                    c["lost"],
                    c["win_rate"],
                    c["avg_days_to_close"],
                ]
                for c in flow["cohorts"]
            ],
        )
        self.assertEqual(
            [row[0] for row in sheet["Cohorts"][1:]], ["2026-01", "2026-02", "2026-03"]
        )


class TestFollowupStatisticsXlsx(PipelineOverviewCase):
    """The Excel download of the follow-up statistics holds the per-employee
    figures that read_group gives on crm.followup.statistics."""

    def test_statistics_sheet_equals_read_group(self):
        wizard = (
            self.env["crm.followup.report.wizard"]
            .sudo(self.manager)
            .create(
                {
                    "date": "2026-03-31",
                    "date_from": "2026-01-01",
                    "date_to": "2026-03-31",
                    "team_id": self.team_b.id,
                }
            )
        )
        action = wizard.action_export_xlsx()
        self.assertEqual(action["report_type"], "xlsx")
        report = self.env.ref("smart_pipeline.crm_followup_statistics_xlsx_action")
        content, _extension = report.sudo(self.manager).render(wizard.ids, {})
        sheet = read_sections(content)["Follow-up Statistics"]
        self.assertEqual(dict(sheet["Filters"])["Sales Team"], "Overview Team B")
        rows = {row[0]: row[1:] for row in sheet["Per Employee"][1:]}
        groups = (
            self.env["crm.followup.statistics"]
            .sudo(self.manager)
            .read_group(
                [
                    ("date", ">=", "2026-01-01 00:00:00"),
                    ("date", "<=", "2026-03-31 23:59:59"),
                    ("team_id", "=", self.team_b.id),
                ],
                ["user_id", "nbr_conversations", "duration"],
                ["user_id"],
            )
        )
        self.assertEqual(
            {name: values[:2] for name, values in rows.items()},
            {
                **{
                    group["user_id"][1]: [group["nbr_conversations"], group["duration"]]
                    for group in groups
                },
                "Total": [10, 170.0],
            },
        )
        # worked out by hand: salesman 2 logged C3 (30 + 30 + 10), C4 (20 + 40),
        # C6 (10 + 5) and C8 (10 + 10) for team B
        self.assertEqual(rows["Overview Salesman 2"][:2], [9, 165.0])
        # no follow-up was scheduled: counts are 0, not blank; the rates,
        # with nothing to measure, stay empty
        self.assertEqual(rows["Total"][2:5], [0, 0, 0])
        self.assertEqual(rows["Total"][5:], [])


@at_install(False)
@post_install(True)
class TestXlsxDownload(ServerCursorCase):
    """The download goes through OCA report_xlsx's controller on Python 3.11,
    as the web client's Excel button does."""

    def test_download_through_the_web_controller(self):
        user = create_user(
            self.server_env, "xlsx_manager", "sales_team.group_sale_manager", name="Xlsx Manager"
        )
        record = (
            self.server_env["crm.pipeline.overview.print"]
            .sudo(user)
            .create({"period": "custom", "date_from": "2025-01-01", "date_to": "2025-12-31"})
        )
        self.authenticate_server_user("xlsx_manager")
        response = self.url_open(
            "/report/xlsx/smart_pipeline.report_crm_pipeline_overview_xlsx/%d" % record.id
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        # named in the reader's language, after the day it was downloaded
        self.assertRegex(
            response.headers["Content-Disposition"],
            r"filename\*=UTF-8''Sales%20Pipeline%20Overview%20\d{4}-\d\d-\d\d\.xlsx$",
        )
        sections = read_sections(response.content)["Overview"]
        self.assertEqual(dict(sections["Filters"])["From"], "01/01/2025")
        self.assertEqual(dict(sections["Headline Figures"])["In Pipeline"], 0)
