"""The demo city, loaded by `manage.py load_demo`: organisation and logins (city), then what
apps built on this one add (the councils' meetings), then activities and consultations.

The order matters: the activities fill 令和6年度上半期 up to the published counts, and the
demo meetings' activities count towards them, so those loaders run before the activities.
"""

from collections.abc import Callable

from django.contrib.auth.models import User

from coordinators.closing import half_year_close
from coordinators.models import HalfYearClosing
from coordinators.periods import Period

from .activities import load_demo_activities
from .city import load_demo_city
from .consultations import load_demo_consultations
from .schedules import load_demo_templates

# The demo city's half-years whose figures were published (domain §6): closed once, so a new
# user sees the published version and is refused when typing into them.
PUBLISHED_HALVES = [(2023, 1), (2024, 1)]

# Loaders other apps add from their AppConfig.ready(): each () -> [lines for the command].
EXTRA_LOADERS: dict[str, Callable[[], list[str]]] = {}


def add_loader(name: str, loader: Callable[[], list[str]]) -> None:
    """Run `loader` after the city and before the activities; the same name again replaces it."""
    EXTRA_LOADERS[name] = loader


def load_demo():
    """Load (or top up) the whole demo city; idempotent.

    Returns (logins: [DemoLogin], lines: [str]), the lines saying what was added, in Japanese,
    for the command to print. Raises nothing of its own; database errors roll back the loader
    that raised them (each loader runs in its own transaction).
    """
    logins = load_demo_city()
    extra_lines = [line for loader in EXTRA_LOADERS.values() for line in loader()]
    lines = []
    activities = load_demo_activities()
    if activities:
        lines.append(f"活動記録を{activities}件追加しました（令和6年度上半期は公表値どおり）。")
    lines += extra_lines
    templates = load_demo_templates()
    if templates:
        lines.append(f"予定つきの活動テンプレートを{templates}件追加しました。")
    consultations, cases = load_demo_consultations()
    if consultations:
        lines.append(f"相談記録を{consultations}件、個別支援ケースを{cases}件追加しました。")
    lines += _close_published_halves()
    return logins, lines


def _close_published_halves():
    # Only a half-year never closed is closed here: one the user reopened stays reopened.
    division = User.objects.get(username="division")
    lines = []
    for fiscal_year, half in PUBLISHED_HALVES:
        if not HalfYearClosing.objects.filter(fiscal_year=fiscal_year, half=half).exists():
            half_year_close(user=division, fiscal_year=fiscal_year, half=half, center=None)
            label = Period.for_half(fiscal_year, half).label
            lines.append(f"{label}を全所属で締めました（公表した数値として保存）。")
    return lines
