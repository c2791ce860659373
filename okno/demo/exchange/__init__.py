"""The demo's exchange with 1C: its integration, past sessions and their files."""
