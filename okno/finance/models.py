"""Mutual settlements with clients: the ledger, its documents and their files."""

from okno.finance.requisites import CompanyRequisites  # noqa: F401
