"""CommerceML files of any size, as 1C writes them, for benchmarks and tests: the 2.07
pair (`import0_1.xml`, `offers0_1.xml`) and the 2.09/3.1 package (`import___…`,
`offers___…`, `prices___…`, `rests___…`). Deterministic from the specification's seed:
the same specification gives the same bytes, so a second exchange of it changes nothing.

    files = cml_files_write(spec=CatalogSpec(products=2_000, version="2.09"), folder=path)
"""

from okno.exchange.generate.files import GeneratedFile, cml_archive_write, cml_files_write
from okno.exchange.generate.plan import CatalogSpec

__all__ = ["CatalogSpec", "GeneratedFile", "cml_archive_write", "cml_files_write"]
