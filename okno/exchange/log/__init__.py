"""The administrators' exchange log: sessions, files, re-runs, alerts and the catalog's
«data as of» time."""
