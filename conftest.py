"""pytest hooks of the whole project.

A skipped test proves nothing: Odoo skips a browser tour when it finds no
Chromium or no websocket-client, so here every skip is reported as a failure.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, which this project counts as a failure: {reason}"
