"""The Telegram channel: the Bot API (`api`), updates taken in (`intake`), linking a chat
to a client's person (`linking`), replies going out (`outgoing`) and long polling
(`polling`) for an installation without a public address."""
