"""Mutual settlements with clients: the ledger, its documents and their files."""
