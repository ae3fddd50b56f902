import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_prints_the_documented_json(capsys, dave):
    call_command("benchmark_reports", activities=2000, as_json=True)
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"sections", "workbook_seconds", "list_page_seconds"}
    names = [section["name"] for section in result["sections"]]
    assert names[0] == "activity_counts"
    assert all(set(s) == {"name", "seconds", "sql_seconds", "ratio"} for s in result["sections"])
