"""Every read of the settlements ledger a page or the API shows."""
