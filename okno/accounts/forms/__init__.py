"""Forms of login, registration, recovery and the security page."""
