"""The import of 1C exchange files into the catalog (and, through the sale side, into
clients and orders): `import_step` works on an exchange's import job a time slice at a
time, `import_file` imports a file from the command line, `catalog_deactivate` archives
what a package exchange no longer sends."""

from okno.exchange.importing.jobs import catalog_deactivate, import_file, import_step

__all__ = ["catalog_deactivate", "import_file", "import_step"]
