"""The e-mail channel of the desk: reading letters (`parse`), fetching them over IMAP
(`imap`), taking them in (`intake`: stored raw, then parsed, threaded or opening an
appeal, quarantined when they cannot be), finding their appeal (`threads`), knowing the
sender (`senders`) and sending replies (`outgoing`)."""
