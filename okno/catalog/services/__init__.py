"""Every write to the catalog goes through these modules."""
