"""`field__ucontains=term`: case-insensitive substring search that folds every alphabet.

SQLite's LIKE and LOWER fold only ASCII letters, so «ромашка» would not find «Ромашка».
On SQLite we register a Python `okno_lower` function for each connection, and a term
without letters (a number) is matched with the database's own LIKE, calling no Python on
each row. PostgreSQL's LOWER folds by the database's locale and is always applied: it is
cheap, and it is what a trigram index on `LOWER(column)` serves (the appeals' subjects).
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup, TextField


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("okno_lower", 1, _lower, deterministic=True)


class UnicodeIContains(Lookup):
    lookup_name = "ucontains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        term = str(self.rhs).lower()
        pattern = "%" + connection.ops.prep_for_like_query(term) + "%"
        if connection.vendor == "sqlite":
            if term == term.upper():
                # Digits and signs have no case: no Python function called on each row (a
                # number searched among a client's 100,000 documents).
                return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, pattern]
            return f"okno_lower({lhs}) LIKE %s ESCAPE '\\'", [*lhs_params, pattern]
        return f"LOWER({lhs}) LIKE %s", [*lhs_params, pattern]


def install() -> None:
    """Called once from CoreConfig.ready()."""
    CharField.register_lookup(UnicodeIContains)
    TextField.register_lookup(UnicodeIContains)
    connection_created.connect(register_sqlite_functions, dispatch_uid="okno_sqlite_functions")
