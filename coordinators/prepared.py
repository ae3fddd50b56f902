"""Querysets whose SQL is built once per process and then run with other values (issue 22).

Django takes 0.3–1 ms to build and compile a statement with subqueries (the live-steps rule of
the councils is two EXISTS). Where the statement itself runs in about a millisecond, as the
report's council counts do, building it is most of the section's time; its SQL does not change
from one call to the next, only the dates and ids it is given.

PreparedQuery keeps the queryset as the one definition of what is read: it builds it once with
stand-in values, finds where those stand in among the statement's parameters, and from then on
runs the same SQL with the values given, through Django's cursor (so the statement is counted
and logged like any other) and Django's converters (so rows are what the queryset would give).
Of the libraries that do this, django-prepared-query supports PostgreSQL and MySQL only (this
project also runs on SQLite) and needs a manager of its own on each model, and
django-prepared-queries is an early 0.x package (README, Dependencies).
"""

from datetime import date

from django.db import connection

# Stand-ins for each kind of value a prepared query takes, told apart by their order: no
# record is dated in the year 1 and no id is negative.
_STAND_INS = {
    date: lambda n: date(1, 1, 1 + n),
    int: lambda n: -1_000_000_007 - n,
}


class PreparedQueryError(Exception):
    """A queryset PreparedQuery cannot keep: its SQL changes with the values, or a value does
    not reach its parameters as given (or as text)."""


class PreparedQuery:
    """A values_list queryset built once per database backend and each set of values left out
    (None), then run as SQL with the values given.

    `build(**values)` returns the queryset; every value is a date, an int (an id) or None,
    and only None may change the statement's shape (a filter left out). rows(**values) ->
    [tuple] in the queryset's column order (values_list fields, then annotations), converted
    as the queryset converts them. Raises PreparedQueryError at the first call when the
    statement's shape depends on a value's size rather than on it being None.
    """

    def __init__(self, build):
        self._build = build
        self._kept = {}

    def rows(self, **values):
        given = tuple(sorted(name for name, value in values.items() if value is not None))
        key = (connection.vendor, given)
        prepared = self._kept.get(key)
        if prepared is None:
            prepared = self._kept[key] = self._prepare(values, given)
        compiler, sql, params, slots = prepared
        filled = list(params)
        for position, name, as_text in slots:
            filled[position] = str(values[name]) if as_text else values[name]
        with connection.cursor() as cursor:
            cursor.execute(sql, filled)
            fetched = cursor.fetchall()
        if compiler.has_extra_select:  # columns added only to order by, as Django drops them
            fetched = [row[: compiler.col_count] for row in fetched]
        return list(compiler.results_iter([fetched], tuple_expected=True))

    def _prepare(self, values, given):
        """(compiler, sql, params, slots) from building the queryset twice with two sets of
        stand-ins: the parameters that differ are where the values go."""
        kinds = {name: type(values[name]) for name in given}
        if not set(kinds.values()) <= set(_STAND_INS):
            raise PreparedQueryError(f"Only dates and ids may be given: {kinds}.")
        compiled = []
        for offset in (0, len(values)):
            stand_ins = {
                name: _STAND_INS[kinds[name]](offset + n) if name in given else None
                for n, name in enumerate(values)
            }
            compiler = self._build(**stand_ins).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            compiled.append((compiler, sql, tuple(params), stand_ins))
        (compiler, sql, params, stand_ins), (_c, other_sql, other_params, others) = compiled
        if sql != other_sql or len(params) != len(other_params):
            raise PreparedQueryError("The statement's shape changes with its values.")
        slots = []
        for position, (param, other) in enumerate(zip(params, other_params, strict=True)):
            if param == other:
                continue
            slots.append(self._slot(position, param, other, stand_ins, others))
        if {name for _p, name, _t in slots} != set(given):
            raise PreparedQueryError("A value does not reach the statement's parameters.")
        return compiler, sql, params, slots

    @staticmethod
    def _slot(position, param, other, stand_ins, others):
        for name, stand_in in stand_ins.items():
            if stand_in is None:
                continue
            if param == stand_in and other == others[name]:
                return position, name, False
            if param == str(stand_in) and other == str(others[name]):
                return position, name, True
        raise PreparedQueryError(f"Parameter {position} changes but holds no value given.")
