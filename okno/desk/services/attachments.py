"""Files attached to appeals: checked for size, count and type, hashed with SHA-256 and
written through Django's storage (var/media, or S3 in production), once per content."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput
from okno.desk.models import Appeal, AppealEvent, Attachment, ClaimLine

# What a claim or a letter carries: photos, scans, office documents, plain text, archives.
# The type is decided by the extension, and the first bytes must agree for the formats that
# have a signature, so a renamed program is not stored as a photo.
ALLOWED_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".zip": "application/zip",
    ".mp4": "video/mp4",
}
_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF-",),
    "application/zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
}


@dataclass(frozen=True)
class FileIn:
    """A file as it came: the name the person gave it and its bytes."""

    name: str
    content: bytes


def files_check(files: Sequence[FileIn], *, field: str = "files") -> list[tuple[FileIn, str]]:
    """Each file with its content type, or an error naming the file and what is wrong."""
    if len(files) > settings.OKNO_DESK_MAX_FILES:
        raise InvalidInput(
            _("Не больше %(count)s файлов за раз.") % {"count": settings.OKNO_DESK_MAX_FILES},
            field=field,
            code="too_many_files",
        )
    limit = settings.OKNO_DESK_MAX_FILE_MB * 1024 * 1024
    checked = []
    for index, item in enumerate(files):
        where = f"{field}.{index}"
        name = PurePath((item.name or "").replace("\\", "/")).name.strip()[:200]
        content_type = ALLOWED_TYPES.get(PurePath(name).suffix.lower())
        if not name or content_type is None:
            raise InvalidInput(
                _(
                    "«%(name)s»: такой тип файла не принимается (фото, PDF, документы Office, "
                    "текст, архив ZIP, видео MP4)."
                )
                % {"name": name or "?"},
                field=where,
                code="file_type",
            )
        if not item.content:
            raise InvalidInput(_("«%(name)s»: файл пуст.") % {"name": name}, field=where)
        if len(item.content) > limit:
            raise InvalidInput(
                _("«%(name)s»: файл больше %(mb)s МБ.")
                % {"name": name, "mb": settings.OKNO_DESK_MAX_FILE_MB},
                field=where,
                code="file_too_large",
            )
        signatures = _SIGNATURES.get(content_type)
        if signatures and not item.content.startswith(signatures):
            raise InvalidInput(
                _("«%(name)s»: содержимое не похоже на файл этого типа.") % {"name": name},
                field=where,
                code="file_type",
            )
        checked.append((FileIn(name=name, content=item.content), content_type))
    return checked


def attachments_store(
    checked: Sequence[tuple[FileIn, str]],
    *,
    appeal: Appeal,
    user,
    event: AppealEvent | None = None,
    claim_line: ClaimLine | None = None,
    is_public: bool = True,
) -> list[Attachment]:
    """Write checked files to storage and record them. Call inside the transaction that
    writes what they belong to; a file written for a transaction that then fails stays in
    storage unreferenced, never the other way round."""
    stored = []
    for item, content_type in checked:
        digest = hashlib.sha256(item.content).hexdigest()
        attachment = Attachment(
            appeal=appeal,
            event=event,
            claim_line=claim_line,
            name=item.name,
            content_type=content_type,
            size=len(item.content),
            sha256=digest,
            is_public=is_public,
            uploaded_by=user,
        )
        stored_before = Attachment.objects.filter(sha256=digest).values_list("file", flat=True)
        same_file = stored_before.first()
        if same_file and default_storage.exists(same_file):
            # The same bytes again (a photo sent twice, a signature's logo in every letter):
            # the stored file is shared, not written anew.
            attachment.file.name = same_file
        else:
            attachment.file.save(item.name, ContentFile(item.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
