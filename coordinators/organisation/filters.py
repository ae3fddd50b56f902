"""What a list's filter form offers a login: only the 担当者 it may see, and the 所属 choice
only to the division; and the 担当者 list's own name search."""

import django_filters

from coordinators.forms import PersonChoiceField, told_apart
from coordinators.models import Coordinator
from coordinators.roles import role_of

from .selectors import coordinators_for_user, coordinators_matching


class ScopedByLogin:
    """Coordinator choices limited to the login's; the 所属 filter only for the division."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["coordinator"].queryset = told_apart(coordinators_for_user(user))
        self.filters["coordinator"].field_class = PersonChoiceField
        if not role_of(user).sees_all_centers:
            del self.filters["center"]


class CoordinatorFilter(django_filters.FilterSet):
    """The 担当者 list: 氏名 or ふりがな, folded (「佐藤花子」 finds 佐藤 花子, issue 15)."""

    q = django_filters.CharFilter(label="氏名・ふりがな", method="filter_name")

    class Meta:
        model = Coordinator
        fields = []

    def filter_name(self, queryset, name, value):
        return coordinators_matching(queryset, value)
