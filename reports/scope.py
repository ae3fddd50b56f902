"""Which period and 所属 a report page shows: the division chooses, staff see their own."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coordinators import periods
from coordinators.ids import ascii_id
from coordinators.organisation.selectors import centers_for_user
from coordinators.periods import Period, fiscal_year_of
from coordinators.roles import role_of


def period_choices():
    this_year = fiscal_year_of(periods.today())
    choices = []
    for year in range(this_year, 2014, -1):
        choices += [
            Period.for_half(year, 2),
            Period.for_half(year, 1),
            Period.for_fiscal_year(year),
        ]
    return choices


def report_scope(request):
    """City-wide or one 所属 for the division; staff always see their own 所属."""
    role = role_of(request.user)
    wanted = request.GET.get("center", "")
    if not role.sees_all_centers:
        if role.center is None:
            raise Http404("所属が設定されていません。")
        return role.center
    if not wanted:
        return None
    pk = ascii_id(wanted)
    if pk is None:
        raise Http404("所属が見つかりません。")
    return get_object_or_404(centers_for_user(request.user), pk=pk)
