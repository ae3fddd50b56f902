import django_filters

from coordinators.models import Area, ResourceState, ResourceType, SocialResource, Town

from .selectors import resources_matching


class SocialResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="キーワード", method="filter_text")
    resource_type = django_filters.ModelChoiceFilter(
        label="種別", queryset=ResourceType.objects.all(), empty_label="すべて"
    )
    area = django_filters.ModelChoiceFilter(
        label="日常生活圏域", queryset=Area.objects.all(), empty_label="すべて"
    )
    town = django_filters.ModelChoiceFilter(
        label="町名", queryset=Town.objects.select_related("area"), empty_label="すべて"
    )
    state = django_filters.ChoiceFilter(
        label="状態", choices=ResourceState.choices, empty_label="すべて"
    )
    is_subsidised = django_filters.ChoiceFilter(
        label="市補助事業",
        choices=[("1", "市補助事業"), ("0", "市補助事業外")],
        method="filter_subsidised",
        empty_label="すべて",
    )

    class Meta:
        model = SocialResource
        fields = ["q", "resource_type", "area", "town", "state", "is_subsidised"]

    def filter_text(self, queryset, name, value):
        return resources_matching(queryset, value)

    def filter_subsidised(self, queryset, name, value):
        return queryset.filter(is_subsidised=value == "1")
