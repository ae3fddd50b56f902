"""Create the logins the load scenario uses on top of the benchmark data (idempotent), and
remove what earlier runs wrote, so that a reused cluster starts every run from the same data
(the week page slows down as its week fills up).

One center-staff login per benchmark 所属 (ベンチ所属01 … 19, tied by StaffProfile) and two
division logins; all share the password in LOAD_PASSWORD. Run with the load environment:
    .venv/bin/python tests/load/prepare.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import transaction  # noqa: E402

from coordinators.models import Activity, Center, StaffProfile  # noqa: E402
from coordinators.roles import DIVISION, STAFF, group_for  # noqa: E402

STAFF_CENTERS = range(1, 20)
DIVISION_LOGINS = ("load_division_1", "load_division_2")


def _login(username, password, role):
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.set([group_for(role)])
    return user


@transaction.atomic
def main():
    password = os.environ["LOAD_PASSWORD"]
    for n in STAFF_CENTERS:
        center = Center.objects.get(name=f"ベンチ所属{n:02d}")
        user = _login(f"load_staff_{n:02d}", password, STAFF)
        StaffProfile.objects.update_or_create(user=user, defaults={"center": center})
    for username in DIVISION_LOGINS:
        user = _login(username, password, DIVISION)
        StaffProfile.objects.filter(user=user).delete()
    # markers of locustfile.py and faults.py
    written = Activity.all_objects.filter(description__regex=r"^(負荷試験|取込試験) ")
    removed = written.delete()[1].get("coordinators.Activity", 0)
    last = f"load_staff_{STAFF_CENTERS[-1]:02d}"
    print(f"== logins: load_staff_01 … {last}, {', '.join(DIVISION_LOGINS)}")
    print(f"== removed {removed} rows that earlier runs wrote")


if __name__ == "__main__":
    main()
