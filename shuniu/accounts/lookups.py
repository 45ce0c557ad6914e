"""`field__in_subquery=<queryset>`: IN (subquery), written for PostgreSQL as = ANY(ARRAY(subquery)).

Scopes are "the organisations a hub links" or "those in these divisions", OR-ed
together. PostgreSQL runs `id IN (SELECT …) OR id IN (SELECT …)` as a hashed subplan
tested against every row (half a second at a million organisations); with
`id = ANY(ARRAY(SELECT …))` each subquery runs once first and the ids are looked up
in the primary key index (about a millisecond). Other databases get the plain IN.
"""
from django.db.models import Field, Lookup
from django.db.models.sql import Query


@Field.register_lookup
class InSubquery(Lookup):
    lookup_name = "in_subquery"
    prepare_rhs = False

    def get_prep_lookup(self):
        if isinstance(self.rhs, Query):  # as IN does: the order of a subquery's rows means nothing
            self.rhs.clear_ordering(clear_default=True)
        return super().get_prep_lookup()

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params
