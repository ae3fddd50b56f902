"""Form pieces every domain's forms use: typed 和暦 dates, day labels, a service's refusal
shown at the fields it names, and pick-lists whose empty choice reads in Japanese."""

from datetime import date

from django import forms
from django.db.models import Count, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from .models import Category
from .periods import DATE_EXAMPLES, PeriodParseError, parse_date, wareki_short_date
from .recordkeeping.edit_conflicts import EditConflict

WEEKDAY_NAMES = "月火水木金土日"
DJANGO_BLANK = "---------"


class DaySelect(forms.Select):
    """The days of a week (ISO dates as values): each option keyed by its weekday number,
    月=1 … 日=7, so typing the number picks the day with the IME on or off (static/js/app.js,
    issue 18); the labels stay 11/26（木）."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-numbered": "",
                "title": "数字キーで曜日を選べます（月=1 … 日=7）",
                **(attrs or {}),
            }
        )

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["data-key"] = str(date.fromisoformat(str(value)).isoweekday())
        return option


def told_apart(coordinators):
    """A queryset of coordinators annotated with `shared_name`, how many people of it carry
    each one's name, in the query that lists them (a subquery): person_label then shows
    「佐藤 花子（1023）」 only where two are listed (issue 20). People, not joined rows: one
    person with two assignments in the list's period is one."""
    namesakes = (
        coordinators.order_by()
        .filter(name=OuterRef("name"))
        .values("name")
        .annotate(n=Count("pk", distinct=True))
        .values("n")[:1]
    )
    return coordinators.annotate(shared_name=Subquery(namesakes))


def person_label(coordinator):
    """A coordinator's name in a pick-list, with its 職員番号 (else ふりがな) where another of
    the list has the same name (told_apart)."""
    if getattr(coordinator, "shared_name", 1) > 1:
        return coordinator.qualified_name
    return coordinator.name


class ChoicesReadOnce(forms.models.ModelChoiceIterator):
    """A pick-list's choices read from the database once per form: a required select with an
    initial choice has no blank first choice, so Django reads the whole queryset to decide on
    the `required` attribute and again to draw the options (issue 22). The choices are kept
    on the field with the queryset they came from: a new queryset reads them anew."""

    def __iter__(self):
        kept = getattr(self.field, "_choices_read", None)
        if kept is None or kept[0] is not self.queryset:
            kept = self.field._choices_read = (self.queryset, list(super().__iter__()))
        yield from kept[1]

    def __len__(self):
        return sum(1 for _ in self)


class PersonChoiceField(forms.ModelChoiceField):
    """One 担当者 from a told_apart queryset, labelled by person_label."""

    iterator = ChoicesReadOnce

    def label_from_instance(self, coordinator):
        return person_label(coordinator)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """担当者 ticked from a told_apart queryset (checkboxes), labelled by person_label."""

    iterator = ChoicesReadOnce
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, coordinator):
        return person_label(coordinator)


def own_or_only_person(field, user):
    """The pk of the 担当者 a new record starts with in `field` (a PersonChoiceField or
    PeopleChoiceField): the login's own coordinator where the list offers it, else the only
    one offered, else None. Read from the field's choices, which the form draws without
    reading them again (ChoicesReadOnce)."""
    offered = [value.instance.pk for value, _label in field.choices if value != ""]
    own = getattr(user, "coordinator", None)
    if own is not None and own.pk in offered:
        return own.pk
    return offered[0] if len(offered) == 1 else None


class CategoryField(forms.ModelChoiceField):
    """区分 as 「4 運営支援」: its own number, typed to pick it (data-numbered). offer() sets what
    the pick-list shows, the 区分 the 所属's tier may record (Category.objects.for_tier); any
    stored 区分 is accepted, so that one the 所属 may not record is refused by the rule with
    its reason (record_rules), not as 「候補にありません」. A 区分 made inactive is refused
    unless the record already has it (issue 20)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Category.objects.all(), **kwargs)
        self.widget.attrs["data-numbered"] = ""
        self.kept = None

    def label_from_instance(self, category):
        return f"{category.number} {category.label}"

    def offer(self, categories, blank="選んでください", kept=None):
        """Show `categories` (Category rows) after the `blank` choice; `kept`: the number the
        record being changed already has, offered and accepted even if inactive now."""
        shown = list(categories)
        self.kept = kept
        if kept is not None and all(c.number != kept for c in shown):
            shown += list(Category.objects.filter(pk=kept))
        self.choices = [("", blank), *((c.number, self.label_from_instance(c)) for c in shown)]

    def clean(self, value):
        category = super().clean(value)
        if category is not None and not category.is_active and category.number != self.kept:
            raise forms.ValidationError(category.inactive_message)
        return category


def number_choices(field):
    """Labels a ModelChoiceField's choices 「1 訪問」「2 会議・協議体出席」… in their order, and
    marks its widget data-numbered: typing the number picks the choice, with the IME on or off
    (static/js/app.js; a native select's type-ahead cannot be used with the IME on, issue 18).
    The numbers follow the pick-list's order (display_order), so they stay put for a city."""
    queryset = field.queryset
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    # numbered in the same query that lists them (a window function), not one more query
    field.queryset = queryset.annotate(
        choice_number=Window(RowNumber(), order_by=ordering)
    ).order_by(*ordering)
    field.label_from_instance = lambda choice: f"{choice.choice_number} {choice}"
    field.widget.attrs["data-numbered"] = ""


class BlankChoicesInJapanese:
    """A form mixin: the empty choice of every pick-list reads 「選んでください」 where a choice
    is required and 「（未記入）」 where it may stay empty, not Django's "---------" (issue 18).
    A label a form set itself is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            blank = "選んでください" if field.required else "（未記入）"
            if getattr(field, "empty_label", None) == DJANGO_BLANK:
                field.empty_label = blank
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                field.choices = [
                    (value, blank if value == "" and label == DJANGO_BLANK else label)
                    for value, label in field.choices
                ]


def day_label(day):
    """2024-04-08 -> 4/8（月）, the label of a day in the week page's choices."""
    return f"{day.month}/{day.day}（{WEEKDAY_NAMES[day.weekday()]}）"


def apply_errors(form, error):
    """Show a service's ValidationError on `form`: each message at the field it is keyed by,
    or above the form when the form has no such field. An EditConflict also gives the form
    the record's current version, so saving again overwrites knowingly."""
    if isinstance(error, EditConflict):
        form.refresh_version(error)
    for field, errors in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        form.add_error(field if field in form.fields else None, errors)


class WarekiDateInput(forms.TextInput):
    """Shows a stored date the way staff type it (R7.4.1); any accepted form may be typed back."""

    def format_value(self, value):
        if hasattr(value, "year"):
            return wareki_short_date(value)
        return super().format_value(value)


class WarekiDateField(forms.DateField):
    widget = WarekiDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"{DATE_EXAMPLES}のどれでも入力できます")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "R7.4.1")
        self.widget.attrs.setdefault("inputmode", "text")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(value)
        except PeriodParseError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
