"""Catalog search: the keys products are indexed by, the database indexes, and the query."""
