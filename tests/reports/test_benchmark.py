import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_prints_the_documented_json(capsys, dave):
    call_command("benchmark_reports", activities=2000, as_json=True)
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"sections", "workbook_seconds", "list_page_seconds", "pages"}
    # issue 22: each entry and list page's server time beside its own SQL time
    assert [page["name"] for page in result["pages"]] == [
        "週の記録",
        "活動記録一覧",
        "活動記録一覧（内容検索）",
        "相談記録一覧",
        "社会資源一覧",
        "ダッシュボード",
    ]
    for page in result["pages"]:
        assert set(page) == {"name", "seconds", "sql_seconds", "ratio", "aim_met"}
        assert 0 < page["sql_seconds"] < page["seconds"]
    names = [section["name"] for section in result["sections"]]
    assert names[0] == "activity_counts"
    assert all(set(s) == {"name", "seconds", "sql_seconds", "ratio"} for s in result["sections"])
