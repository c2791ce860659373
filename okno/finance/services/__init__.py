"""Every write of the settlements ledger: documents posted, changed and reversed, their files."""
