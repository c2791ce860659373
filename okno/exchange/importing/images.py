"""Pictures of products, copied from the exchange folder into the portal's media storage.

1C names each picture by a path under the exchange (`import_files/9d/<guid>_<guid>.jpg`)
whose file name is unique per picture, so the stored name is that file name under
`catalog/images/`; a picture already stored under it with the same size is not copied
again. A picture the exchange did not bring is left out and counted as an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage

from okno.catalog.models import ProductImage
from okno.core.bulk import rows_delete, rows_insert
from okno.exchange.cml.records import ProductRecord
from okno.exchange.importing.counts import Counts

FOLDER = "catalog/images"


def images_write(
    products: Sequence[tuple[int, ProductRecord]],
    *,
    replaced: Sequence[int],
    folder: Path | None,
    counts: Counts,
) -> None:
    """Replace the pictures of `replaced` products and add those of the others."""
    rows_delete(ProductImage, key="product", values=replaced)
    rows = []
    for product_id, record in products:
        captions = _captions(record)
        for sort, source in enumerate(dict.fromkeys(record.images)):
            stored = _stored(source, folder)
            if stored is None:
                counts.add("images", "errors")
                continue
            counts.add("images", "created")
            rows.append((product_id, stored, source[:500], captions.get(source, "")[:500], sort))
    rows_insert(ProductImage, ["product", "image", "source", "caption", "sort"], rows)


def _stored(source: str, folder: Path | None) -> str | None:
    """The media name of a picture, copied there if needed; None when it is missing or
    its path leaves the exchange folder."""
    relative = PurePosixPath(source.replace("\\", "/"))
    if folder is None or relative.is_absolute() or ".." in relative.parts or not relative.name:
        return None
    path = folder.joinpath(*relative.parts)
    if not path.is_file():
        return None
    name = f"{FOLDER}/{relative.name}"
    if default_storage.exists(name) and default_storage.size(name) == path.stat().st_size:
        return name
    with path.open("rb") as picture:
        return default_storage.save(name, File(picture, name=relative.name))


def _captions(record: ProductRecord) -> dict[str, str]:
    """`ОписаниеФайла` is «path#caption» (one per product, as the reader keeps the first)."""
    description = record.requisites.get("ОписаниеФайла", "")
    path, _, caption = description.partition("#")
    return {path: caption} if caption else {}
