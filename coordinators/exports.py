"""Export a django-tables2 table exactly as shown: .xlsx via openpyxl, or CSV.

A list page and its download share one Table, so the file always matches the screen: the
values are the Table's export values (as_values: a column's value_<name>, else what it renders).
A column whose cells are dates, times or numbers gives the raw value there (value_date returns
the `date`), so the Excel file holds typed cells (coordinators.excel, issue 16) while CSV and
the screen show the same value as text (shown_text: 和暦, 10:00).

Text is written without control characters (but tab and line breaks): they are removed at input
since issue 15, and rows stored before that must not make a download fail (openpyxl refuses
them: a vertical tab pasted into one 内容 made the whole list's Excel file a server error).
"""

import csv
import io
from datetime import date

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from .excel import XLSX_TYPE, Exported, shown_text, workbook_bytes
from .periods import wareki_date
from .text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@")
# Rows a download holds at most: as many as an import takes from one sheet (a longer list
# could not come back at 「記録取込」), and about what the server builds inside its 60 s
# timeout (20,000 activities: about 23 s for Excel, issue 16).
EXPORT_MAX_ROWS = 20_000


def too_many_to_export(count):
    """The message for a list of `count` (int) rows, over EXPORT_MAX_ROWS."""
    return (
        f"ダウンロードできるのは{EXPORT_MAX_ROWS:,}件までです（この条件では{count:,}件）。"
        "期間や所属などで絞り込んでください。"
    )


def table_values(table):
    """Header and rows of the table's export values -> (header [str], rows [[value]]): dates,
    date-times, times and numbers as they are (None for an empty cell), the rest as str."""
    rows = iter(table.as_values())
    header = [shown_text(value) for value in next(rows)]
    return header, [list(row) for row in rows]


def table_rows(table):
    """table_values as text, as the screen shows it: dates in 和暦, times 10:00, text without
    control characters; numbers stay numbers -> (header [str], rows [[value]])."""
    header, rows = table_values(table)
    return header, [[shown_text(value) for value in row] for row in rows]


def _shown_choice(field, value):
    """The text the filter form showed for its cleaned `value` -> str, "" when not used."""
    if value in (None, "", False) or value == []:
        return ""
    if value is True:
        return "はい"
    if isinstance(value, models.Model):
        label = getattr(field, "label_from_instance", str)
        return label(value)
    if isinstance(value, list | tuple | models.QuerySet):
        return "、".join(_shown_choice(field, item) for item in value)
    if isinstance(value, date):
        return wareki_date(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value), value))
    return str(value)


def filter_conditions(filterset):
    """The filters a list was narrowed by, as the form showed them -> [(label, shown)]:
    ("期間（年度・半期）", "令和6年度上半期") for 2024H1 typed, ("所属", "センターA") for the
    所属 chosen; filters left empty are not listed. A form that could not be read gives one
    ("条件", "読めない条件があるため0件: …") row, as the list then shows nothing."""
    form = filterset.form
    if not filterset.is_valid():
        errors = " ".join(message for messages in form.errors.values() for message in messages)
        return [("条件", clean_text(f"読めない条件があるため0件: {errors}", multiline=False))]
    conditions = []
    for name, field in form.fields.items():
        shown = _shown_choice(field, form.cleaned_data.get(name))
        if shown:
            conditions.append((str(field.label or name), clean_text(shown, multiline=False)))
    default = getattr(filterset, "default_period", None)  # coordinators.filters.DefaultPeriod
    if default is not None:
        label = form.fields["period"].label
        conditions.insert(0, (str(label), f"{default.label}（期間・日付の指定なし）"))
    return conditions


def order_condition(table):
    """("並び順", "日付（降順）") for the table's order, or [] when it has none."""
    shown = [
        f"{table.columns[order.bare].header}（{'降順' if order.is_descending else '昇順'}）"
        for order in table.order_by or ()
        if order.bare in table.columns
    ]
    return [("並び順", "、".join(shown))] if shown else []


def login_shown(user):
    """氏名（username） for a login with a name, else its username."""
    full_name = user.get_full_name()
    return f"{full_name}（{user.get_username()}）" if full_name else user.get_username()


def xlsx_response(table, filename, exported):
    """The table as an .xlsx download named `filename`.xlsx; `exported` (excel.Exported)
    says which list, filters, when and by whom, in the page header and on sheet 「条件」."""
    header, rows = table_values(table)
    content = workbook_bytes(header, rows, filename, exported)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename + ".xlsx")
    return response


def csv_cell(value):
    """Text that a spreadsheet would run as a formula is written with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _fits_cp932(char):
    try:
        char.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def encode_csv(content, encoding="utf-8"):
    """(bytes, charset, replaced): UTF-8 with BOM, or Shift_JIS with unencodable characters
    replaced by ? and counted."""
    if encoding != "cp932":
        return "\ufeff".encode() + content.encode("utf-8"), "utf-8", 0
    # Check each distinct character once; a large export has few of them.
    unencodable = [char for char in set(content) if not _fits_cp932(char)]
    replaced = sum(content.count(char) for char in unencodable)
    return content.encode("cp932", errors="replace"), "Shift_JIS", replaced


def csv_response(table, filename, encoding="utf-8"):
    """UTF-8 with BOM (Excel opens it), or Shift_JIS (cp932); returns (response, replaced)."""
    header, rows = table_rows(table)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    body, charset, replaced = encode_csv(text.getvalue(), encoding)
    response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
    response["Content-Disposition"] = content_disposition_header(True, filename + ".csv")
    response["X-Replaced-Characters"] = str(replaced)
    return response, replaced


def warn_replaced(request, replaced):
    """Tell the user on the next page how many characters Shift_JIS could not hold."""
    if replaced:
        messages.warning(
            request,
            f"Shift_JISで表せない文字が{replaced}字あったため「?」に置き換えて出力しました。",
        )


class ExportMixin:
    """For a SingleTableMixin + FilterView list: ?export=xlsx|csv[&encoding=cp932] downloads
    exactly the filtered rows, through the same Table as the screen. The Excel file also says
    which list (export_title), which filters and order, when and by whom (issue 16)."""

    export_name = "一覧"  # the file's and first sheet's name
    export_title = None  # the list's name in the file (活動記録一覧); export_name if unset

    def exported(self, request, table):
        """Hook for lists of personal data, which must leave an access record."""

    def export_rows(self, rows):
        """Hook: the filtered QuerySet a download is built from (e.g. annotated with what
        only the file shows); the screen's rows as they are by default."""
        return rows

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export not in {"xlsx", "csv"}:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        count = rows.count()
        if count > EXPORT_MAX_ROWS:
            # the list's buttons say so already; this answers a typed or old link
            messages.error(request, too_many_to_export(count))
            query = request.GET.copy()
            for name in ("export", "encoding"):
                query.pop(name, None)
            return redirect(f"{request.path}?{query.urlencode()}")
        # Empty cells stay empty in files; the screen's "—" placeholder is not data.
        table = self.table_class(self.export_rows(rows), default="")
        if request.GET.get("sort"):
            table.order_by = request.GET["sort"]
        if export == "xlsx":
            exported = Exported(
                title=self.export_title or self.export_name,
                by=login_shown(request.user),
                conditions=filter_conditions(filterset) + order_condition(table),
            )
            response = xlsx_response(table, self.export_name, exported)
        else:
            encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8"
            response, replaced = csv_response(table, self.export_name, encoding)
            warn_replaced(request, replaced)
        # after the file is built: the access records' own export must not list this download
        self.exported(request, table)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        paginator = getattr(context.get("table"), "paginator", None)
        count = paginator.count if paginator is not None else 0
        context["too_many_to_export"] = too_many_to_export(count) if count > EXPORT_MAX_ROWS else ""
        return context
