"""The demo city, loaded by `manage.py load_demo`: organisation and logins (city), then what
apps built on this one add (the councils' meetings), then activities and consultations.

The order matters: the activities fill 令和6年度上半期 up to the published counts, and the
demo meetings' activities count towards them, so those loaders run before the activities.
"""

from collections.abc import Callable

from .activities import load_demo_activities
from .city import load_demo_city
from .consultations import load_demo_consultations

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
    consultations, cases = load_demo_consultations()
    if consultations:
        lines.append(f"相談記録を{consultations}件、個別支援ケースを{cases}件追加しました。")
    return logins, lines
