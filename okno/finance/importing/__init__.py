"""The settlements exchange format (docs/finance-exchange.md): its readers and the loader."""
