"""Okno — the B2B customer portal for businesses that keep their books in 1C."""
