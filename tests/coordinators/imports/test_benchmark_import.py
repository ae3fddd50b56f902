"""benchmark_import: prints one line per row count and leaves no data behind (issue 16)."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coordinators.models import Activity, Center, Coordinator

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^20行: 取込 [\d.]+ 行/秒（[\d.]+ 秒、SQL \d+ 文） "
    r"上限 [\d.]+ 行/秒（[\d.]+ 秒、SQL \d+ 文） 比 [\d.]+$"
)


def test_prints_rates_statements_and_ratio_and_rolls_everything_back():
    out = StringIO()
    call_command("benchmark_import", "--rows", "20", stdout=out)

    database, line = out.getvalue().splitlines()
    assert database.startswith("データベース: ")
    assert LINE.match(line), line
    assert not Activity.all_objects.exists()
    assert not Center.objects.filter(name__startswith="ベンチ取込").exists()
    assert not Coordinator.objects.filter(name__startswith="ベンチ").exists()


def test_json_has_one_run_per_row_count():
    out = StringIO()
    call_command("benchmark_import", "--rows", "20", "5", "30", "--json", stdout=out)

    runs = json.loads(out.getvalue())["runs"]
    assert [run["rows"] for run in runs] == [20, 5, 30]
    # in bulk: the import's statements do not grow with its rows (issue 16); the first run
    # also looks up the login's role
    assert runs[1]["import_statements"] == runs[2]["import_statements"]
    assert runs[2]["import_statements"] > runs[2]["limit_statements"] > 0


def test_refuses_more_rows_than_a_sheet_takes():
    with pytest.raises(CommandError, match="--rows"):
        call_command("benchmark_import", "--rows", "20001", stdout=StringIO())
