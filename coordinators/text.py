"""Text as people paste and type it (issue 15): control characters removed at input, and names
compared folded, so 「佐藤　花子」, 「佐藤花子」 and 「佐藤 花子」 are one person.

Cleaning happens in one place for every write: `remove_control_characters` runs before any
model of the apps in CLEANED_APPS is saved (connected in CoordinatorsConfig.ready), so the
services, the imports, admin and the shell store the same text. Forms clean their bound data
first (CleanedTextForm) so that what they validate — lengths, unique names — is what is saved.
Folding is for comparison only: a name is stored as it was typed.
"""

import re
import unicodedata
from functools import cache

from django import forms
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.db.models.lookups import IContains

# C0 and C1 controls, DEL included, but tab, line feed and carriage return: no one means to type
# them (Word's vertical tab for a soft line break, an ESC from a terminal), Excel's XML cannot
# hold them (openpyxl raises IllegalCharacterError) and a browser shows nothing for them.
# U+FFFE and U+FFFF are no characters at all, and XML (Word's, Excel's) refuses them too.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
LINE_BREAKS_AND_TABS = re.compile("[\t\n\r]+")
WHITESPACE = re.compile(r"\s+")
# The apps whose model text fields are cleaned before every save.
CLEANED_APPS = frozenset({"coordinators", "councils", "reports"})
# What separates the items of a list typed in one cell or field; 「・」 is handled apart
# (split_names), since it also joins the parts of one name (マリア・ロペス).
LIST_SEPARATORS = re.compile("[、,，\r\n]+")
# After NFKC the half-width ･ is ・; the Latin middle dot is typed for it too.
MIDDLE_DOTS = re.compile("[・·]")
# The spaces a name is typed with, removed on the database side for a folded search.
SPACES = (" ", "\u3000", "\t", "\n", "\r")


def clean_text(value, *, multiline=True):
    """`value` (str) without control characters; with `multiline` False (a one-line field),
    each run of tabs and line breaks becomes one space. Anything else is returned as is."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if not multiline:
        value = LINE_BREAKS_AND_TABS.sub(" ", value)
    return value


def fold(text):
    """`text` as names are compared: NFKC (全角/半角, ｶﾅ width), then without whitespace or
    control characters -> str. 「佐藤　花子」, 「佐藤花子」 and 「佐藤 花子」 fold alike."""
    normalised = unicodedata.normalize("NFKC", text or "")
    return WHITESPACE.sub("", CONTROL_CHARACTERS.sub("", normalised))


class NameKey(str):
    """A name as typed that equals another when both fold alike: what makes two rows of a
    workbook the same person or place, shown to the user as they typed it."""

    def __eq__(self, other):
        return isinstance(other, str) and fold(self) == fold(other)

    def __hash__(self):
        return hash(fold(self))


class AmbiguousName(ValueError):
    """Two or more registered names fold like the typed one and none is spelled exactly so."""

    def __init__(self, text, names):
        super().__init__(text, names)
        self.text, self.names = text, names


class NameIndex:
    """The registered names of one model (`field` of each row of `queryset`), compared folded.

    Built from every name on first use: names are few (hundreds of coordinators or resources),
    so one query per import beats one per row. `forget()` after creating a row makes the next
    use read the table again, rolled-back rows gone. `label(row)`, when given, is the name with
    what tells it from another of the same name (「ふれあいサロン（東圏域）」, issue 20): typed
    so, it names that row, and messages list rows by it.
    """

    def __init__(self, queryset, field="name", label=None):
        self._queryset, self._field, self._label = queryset, field, label
        self._by_fold = None

    def forget(self):
        self._by_fold = None

    def _index(self):
        if self._by_fold is None:
            self._by_fold = {}
            for row in self._queryset.all():
                self._by_fold.setdefault(fold(getattr(row, self._field)), []).append(row)
                if self._label is not None and self._label(row) != getattr(row, self._field):
                    self._by_fold.setdefault(fold(self._label(row)), []).append(row)
        return self._by_fold

    def shown(self, row):
        return self._label(row) if self._label is not None else getattr(row, self._field)

    def matches(self, text):
        """Every registered row whose name folds like `text` -> [row]; when one is spelled
        exactly as typed, only that one."""
        found = self._index().get(fold(text), [])
        exact = [row for row in found if text in (getattr(row, self._field), self.shown(row))]
        return exact or list(found)

    def get(self, text, keep=None):
        """The registered row named `text` after folding, or None. A row spelled exactly as
        typed wins; among several, `keep(row)` (e.g. "assigned to the record's 所属 on its
        date") chooses when it leaves one. Raises AmbiguousName, listing the rows as shown,
        when several remain."""
        found = self.matches(text)
        if len(found) > 1 and keep is not None:
            found = [row for row in found if keep(row)] or found
        if len(found) > 1:
            raise AmbiguousName(text, sorted(self.shown(row) for row in found))
        return found[0] if found else None

    def narrowed(self, keep):
        """This index, its get() choosing among rows of one name by `keep` (see get)."""
        return _Narrowed(self, keep)


class _Narrowed:
    def __init__(self, index, keep):
        self._index, self._keep = index, keep

    def get(self, text):
        return self._index.get(text, self._keep)


def split_list(text):
    """The items of a list typed in one cell or field, separated by 「、」, 「,」, 「，」 or a
    line break -> [str], stripped, empties dropped."""
    items = LIST_SEPARATORS.split(clean_text(text or ""))
    return [item.strip() for item in items if item.strip()]


def split_names(text, index):
    """The registered rows named in `text` (a list as split_list reads it) -> (found, missing):
    found is [row] in order without repeats, missing the [str] items not registered.

    An item joined by 「・」 is several names only when every part is a registered name, and
    one name when it is registered whole: with 佐藤 花子 and 高橋 美咲 registered,
    「佐藤 花子・高橋 美咲」 is both, while マリア・ロペス stays one (issue 15). Raises
    AmbiguousName as NameIndex.get does.
    """
    found, missing = [], []
    for item in split_list(text):
        rows = _dotted_names(MIDDLE_DOTS.split(unicodedata.normalize("NFKC", item)), index)
        if rows is None:
            missing.append(item)
            continue
        found.extend(row for row in rows if row not in found)
    return found, missing


def _dotted_names(parts, index):
    """The rows that consecutive groups of `parts`, each joined by 「・」, name; longest groups
    first, so a name registered whole is never split. None when no such grouping exists."""
    if not parts:
        return []
    for end in range(len(parts), 0, -1):
        row = index.get("・".join(parts[:end]))
        if row is not None:
            rest = _dotted_names(parts[end:], index)
            if rest is not None:
                return [row, *rest]
    return None


def without_spaces(field):
    """A database expression: text column `field` with its spaces (半角, 全角), tabs and line
    breaks removed, for a folded search in the database."""
    expression = F(field)
    for space in SPACES:
        expression = Replace(expression, Value(space), Value(""), output_field=models.TextField())
    return expression


def folded_search(queryset, text, fields):
    """`queryset` narrowed to rows where each whitespace-separated term of `text` is found in
    one of the text columns `fields`: as typed (case-insensitive), or, folded (NFKC), in the
    column with its spaces removed — so 「佐藤花子」 finds 「佐藤 花子」 and 「ﾌﾚｱｲ」 finds
    「ふれあい」's katakana twin 「フレアイ」. Stored text is not NFKC-normalised by the database,
    so a stored half-width name is found by its half-width spelling. Returns a QuerySet."""
    for term in (text or "").split():
        folded = fold(term)
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": term})
            if folded:
                match |= Q(IContains(without_spaces(field), folded))
        queryset = queryset.filter(match)
    return queryset


@cache
def _text_fields(model):
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    )


def remove_control_characters(sender, instance, **kwargs):
    """pre_save receiver: every CharField and TextField of a model of CLEANED_APPS loses its
    control characters but tab and line breaks before it is written, whoever writes it
    (services, imports, admin, shell). QuerySet.update and bulk_create do not pass here."""
    if sender._meta.app_label not in CLEANED_APPS:
        return
    for name in _text_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            setattr(instance, name, clean_text(value))


class CleanedTextForm:
    """Form mixin: the bound text of every CharField loses its control characters before the
    form validates it, so a pasted ESC or NUL is neither refused nor counted against a length
    or a unique name. A one-line field (any widget but Textarea) also gets a space for each run
    of tabs and line breaks. Put it before forms.Form/ModelForm in the bases."""

    def full_clean(self):
        if self.is_bound:
            self.data = self._cleaned_data_of(self.data)
        super().full_clean()

    def _cleaned_data_of(self, data):
        data = data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if not isinstance(field, forms.CharField) or key not in data:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "setlist"):
                data.setlist(key, [clean_text(v, multiline=multiline) for v in data.getlist(key)])
            else:
                data[key] = clean_text(data[key], multiline=multiline)
        return data
