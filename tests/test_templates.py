"""Template source that Django would print instead of reading: a `{# … #}` comment closes on
the line it opens (Django's one-line comments), else it shows on the page as text."""

from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parent.parent.joinpath("templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_every_one_line_comment_closes_on_its_line(template):
    for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
        opened = line.rfind("{#")
        assert opened == -1 or "#}" in line[opened:], (
            f"{template.name}:{number}: a {{# comment must close on its line; "
            "use {% comment %} for several lines"
        )
