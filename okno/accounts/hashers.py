"""Password hashing: Argon2id with the memory a web worker can afford (see ADR 0009)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended setting (19 MiB, 2 passes, 1 lane) instead of
    Django's 100 MiB: every login — a person's, or 1C's at each exchange — holds that
    memory while the hash is computed, once per thread logging in at the same moment, and
    100 MiB alone is a third of a worker's budget. Stored hashes keep the parameters they
    were made with; a login with older ones is re-hashed with these."""

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
