"""``dev/run_tests.py``: the closing summary names what failed, so that the
end of a long CI log says which test or browser check to look at."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import run_tests  # noqa: E402

HEAD = "2026-12-07 16:20:02,000 9 %s db odoo.addons.smart_pipeline.tests.test_a: "
CASE = "odoo.addons.smart_pipeline.tests.test_a.TestA"
LOG = "\n".join(
    [
        HEAD % "INFO" + "running tests.",
        HEAD % "ERROR" + "FAIL: test_won_count (%s)" % CASE,
        "Traceback (most recent call last):",
        "AssertionError: 1 != 2",
        HEAD % "ERROR" + "ERROR: test_drill (%s)" % CASE,
        HEAD % "INFO" + "Ran 5 tests in 2.000s",
        HEAD % "ERROR" + "FAILED (failures=1, errors=1)",
        "",
    ]
)


def test_failed_tests_are_named(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(LOG)
    counts, log_errors, _lines, ran = run_tests.parse_odoo_log(str(log))
    assert ran == 5
    assert counts["failed"] == 2
    assert counts["passed"] == 3
    assert log_errors == 3
    assert counts["failed_names"] == [
        CASE + ".test_won_count",
        CASE + ".test_drill",
    ]


def test_a_clean_log_names_nothing(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(
        "2026-12-07 16:20:03,000 9 INFO db odoo.addons.x.tests.t: Ran 2 tests in 1.000s\n"
        "2026-12-07 16:20:03,000 9 INFO db odoo.addons.x.tests.t: OK\n"
    )
    counts = run_tests.parse_odoo_log(str(log))[0]
    assert counts["failed"] == 0
    assert counts["failed_names"] == []


def test_python_311_headers_and_split_summary(tmp_path):
    """Python 3.11's unittest names a test ``test_x (module.Class.test_x)``,
    and writes ``FAILED`` and `` (failures=1)`` apart, which Odoo's test
    stream logs as two lines: the failure is counted from its header."""
    log = tmp_path / "odoo.log"
    log.write_text(
        "\n".join(
            [
                HEAD % "INFO" + "running tests.",
                HEAD % "ERROR" + "FAIL: test_won_count (%s.test_won_count)" % CASE,
                HEAD % "ERROR" + "` Traceback (most recent call last):",
                HEAD % "ERROR" + "` AssertionError: 9 != 8 : logging off cost 1 more queries",
                HEAD % "INFO" + "Ran 8 tests in 2.000s",
                HEAD % "ERROR" + "FAILED",
                HEAD % "INFO" + " (failures=1)",
                HEAD % "ERROR" + "ERROR: setUpClass (%s)" % CASE,
                "",
            ]
        )
    )
    counts = run_tests.parse_odoo_log(str(log))[0]
    assert counts["failed"] == 2
    assert counts["passed"] == 6
    assert counts["failed_names"] == [CASE + ".test_won_count", CASE + ".setUpClass"]


def test_the_summary_says_what_was_raised(tmp_path, capsys):
    log = tmp_path / "odoo.log"
    log.write_text(
        "\n".join(
            [
                HEAD % "ERROR" + "FAIL: test_won_count (%s.test_won_count)" % CASE,
                HEAD % "ERROR" + "` Traceback (most recent call last):",
                HEAD % "ERROR" + '`   File "t.py", line 3, in test_won_count',
                HEAD % "ERROR" + "` AssertionError: 9 != 8 : logging off cost 1 more queries",
                HEAD % "INFO" + "Ran 1 test in 2.000s",
                HEAD % "ERROR" + "FAILED",
                HEAD % "INFO" + " (failures=1, expected failures=2)",
                "",
            ]
        )
    )
    counts = run_tests.parse_odoo_log(str(log))[0]
    assert counts["failed"] == 1
    assert run_tests.summarize({"tests": [counts]}, None, 0)
    out = capsys.readouterr().out
    assert "FAILED: %s.test_won_count\n" % CASE in out
    assert "  test_won_count: AssertionError: 9 != 8 : logging off cost 1 more queries" in out
