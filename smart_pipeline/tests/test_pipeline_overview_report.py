# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
import subprocess

import lxml.html

from .common import PipelineOverviewCase


class TestPipelineOverviewReport(PipelineOverviewCase):
    """The printed overview shows the figures get_overview() computes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env.ref("smart_pipeline.crm_pipeline_overview_report_action")
        cls.overview = cls._create_print_record()

    def _expected_texts(self):
        """Every figure of the overview as the report writes it (en_US)."""
        result = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_overview(**self.overview.get_filter_values())
        )
        # the figures of the test data, worked out by hand
        self.assertEqual((result["in_pipeline"], result["won"], result["lost"]), (4, 2, 2))
        self.assertEqual(result["avg_days_to_close"], 42.0)
        texts = [
            "Sales Pipeline Overview",
            "%.2f" % result["win_rate"],
            "%.2f" % result["avg_days_to_close"],
            "%.2f" % result["avg_days_before_pipeline"],
            "{:,.2f}".format(result["deals"]["total_amount"]),
            "{:,.2f}".format(result["deals"]["weighted_amount"]),
            self.team_a.name,
            self.team_b.name,
            self.reason_price.name,
        ]
        for employee in result["employees"]:
            texts += [employee["name"], "%.2f" % employee["minutes"]]
        for stage in result["stages"]:
            texts.append(stage["name"])
        return result, texts

    def _cells(self, html):
        """Text of the cells of each table row of the rendered report."""
        root = lxml.html.fromstring(html)
        return [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
            for row in root.xpath("//tr")
        ]

    def test_report_html_shows_the_figures(self):
        html = self.report.sudo(self.manager).render_qweb_html(self.overview.ids)[0]
        html = html.decode()
        result, texts = self._expected_texts()
        for text in texts:
            self.assertIn(text, html)
        rows = self._cells(html)
        # the headline row: in pipeline, won, lost, win %, new prospects...
        self.assertIn(
            ["4", "2", "2", "50.00 %", "1", "42.00", "18.00"],
            rows,
        )
        stages = {stage["stage_id"]: stage for stage in result["stages"]}
        contact = stages[self.stage["initial_contact"].id]
        self.assertIn([contact["name"], "7", "2"], rows)  # in process, won
        self.assertIn([contact["name"], "1"], rows)  # customers
        # the footnotes define every figure
        definitions = self.env["crm.pipeline.overview"].get_definitions()
        for key in ("in_pipeline", "win_rate", "stage_in_process", "deals"):
            self.assertIn(definitions[key], html)

    def test_print_action(self):
        action = self.overview.sudo(self.manager).action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "smart_pipeline.report_crm_pipeline_overview")
        self.assertEqual(action["context"]["active_ids"], self.overview.ids)

    def test_report_pdf_text_contains_the_figures(self):
        pdf = self._render_pdf(self.report.sudo(self.manager), self.overview.ids)

        def pdftotext(*options):
            return subprocess.run(
                ["pdftotext", *options, "-", "-"],
                input=pdf,
                stdout=subprocess.PIPE,
                check=True,
            ).stdout.decode()

        # without stylesheets, long cells wrap: compare without whitespace,
        # in reading order; rows are checked on the physical layout
        squeezed = re.sub(r"\s+", "", pdftotext())
        text = pdftotext("-layout")
        result, texts = self._expected_texts()
        for expected in texts:
            self.assertIn(re.sub(r"\s+", "", expected), squeezed)
        # headline row (without stylesheets, win % wraps on its own line)
        self.assertRegex(text, r"\b4 +2 +2 +(50\.00 % +)?1 +42\.00 +18\.00\b")
        self.assertIn("50.00", text)
        contact = [
            stage
            for stage in result["stages"]
            if stage["stage_id"] == self.stage["initial_contact"].id
        ][0]
        self.assertRegex(text, r"Initial Contact +7 +2\n")
        self.assertEqual(contact["in_process"], 7)

    def test_headings_stay_with_their_tables(self):
        """wkhtmltopdf never ends a page on a heading: every heading of the
        printed overview sits, with its table, in a block it does not split
        (a row of tables, or an unsplittable block of the report's own
        class o_pipeline_report_block, which keeps its space below the
        address header when it starts a page)."""
        html = self.report.sudo(self.manager).render_qweb_html(self.overview.ids)[0]
        root = lxml.html.fromstring(html.decode())
        self.assertTrue(".o_pipeline_overview_report .row" in html.decode())
        for heading in root.xpath("//div[contains(@class, 'o_pipeline_overview_report')]//h4"):
            kept = heading.xpath(
                "ancestor::div[contains(@class, 'row')"
                " or contains(@class, 'o_pipeline_report_block')"
                " or contains(@style, 'page-break-inside: avoid')][1]"
            )
            self.assertTrue(kept, heading.text_content())

    def test_flow_print_draws_the_funnel_and_the_trend(self):
        """The flow page prints the funnel (a bar per stage, as wide as its
        share of the widest) and the 12 months' trend up to the reference
        day (a group of bars per month), with get_flow()'s and get_trend()'s
        figures, as the manager: HTML bars that wkhtmltopdf draws."""
        html = self.report.sudo(self.manager).render_qweb_html(self.overview.ids)[0]
        root = lxml.html.fromstring(html.decode())
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        values = self.overview.get_filter_values()
        flow = Overview.get_flow(**values)
        [funnel] = root.xpath("//div[contains(@class, 'o_pipeline_flow_report_funnel')]")
        rows = [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
            for row in funnel.xpath(".//tr")
        ]
        self.assertEqual([row[0] for row in rows], [s["name"] for s in flow["stages"]])
        self.assertEqual(
            [row[2].split(" ")[0] for row in rows], [str(s["reached"]) for s in flow["stages"]]
        )
        widths = [
            float(re.search(r"width: ([\d.]+)%", bar.get("style")).group(1))
            for bar in funnel.xpath(".//tr/td[2]/div")
        ]
        top = max(s["reached"] for s in flow["stages"])
        self.assertTrue(top)
        for stage, width in zip(flow["stages"], widths):
            self.assertAlmostEqual(width, max(0.5, round(100.0 * stage["reached"] / top, 1)))

        trend = Overview.get_trend(
            "2025-04-01", "2026-03-20", user_ids=False, team_ids=values["team_ids"]
        )
        self.assertEqual(len(trend), 12)
        self.assertTrue(any(point["won"] for point in trend))
        [chart] = root.xpath("//div[contains(@class, 'o_pipeline_flow_report_trend')]")
        months = [" ".join(td.text_content().split()) for td in chart.xpath(".//tr[2]/td")]
        self.assertEqual(months[0], "Apr 25")
        self.assertEqual(months[-1], "Mar 26")
        groups = chart.xpath(".//tr[1]/td")
        self.assertEqual(len(groups), 12)
        for point, group in zip(trend, groups):
            bars = group.xpath("./div")
            self.assertEqual(
                [bar.text_content().strip() for bar in bars],
                [str(point[key]) for key in ("in_pipeline", "won", "lost")],
            )
