"""Photos of a returned parcel: images only (checked by their first bytes, not by the name),
at most MAX_BYTES each, stored once per SHA-256 of their content."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Invalid
from warehouse.returns.models import ReturnPhoto
from warehouse.returns.requests import by_no

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_RETURN = 20
MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"RIFF": "image/webp",
}


def image_type(data: bytes) -> str | None:
    for magic, kind in MAGIC.items():
        if data.startswith(magic) and (kind != "image/webp" or data[8:12] == b"WEBP"):
            return kind
    return None


def add_photo(session: Session, actor: Actor, no: str, data: bytes) -> ReturnPhoto:
    """Keep a photo of return ``no``; the same image twice is kept once."""
    ret = by_no(session, no)
    if not data or len(data) > MAX_BYTES:
        raise Invalid("E_PHOTO_SIZE", f"A photo must be 1 byte to {MAX_BYTES // 1048576} MiB.")
    kind = image_type(data)
    if kind is None:
        raise Invalid("E_PHOTO_TYPE", "Only JPEG, PNG or WebP images are taken.")
    digest = hashlib.sha256(data).hexdigest()
    same = session.scalar(
        select(ReturnPhoto).where(ReturnPhoto.return_id == ret.id, ReturnPhoto.sha256 == digest)
    )
    if same is not None:
        return same
    count = len(
        session.scalars(select(ReturnPhoto.id).where(ReturnPhoto.return_id == ret.id)).all()
    )
    if count >= MAX_PER_RETURN:
        raise Invalid("E_TOO_MANY_PHOTOS", f"A return keeps at most {MAX_PER_RETURN} photos.")
    photo = ReturnPhoto(
        return_id=ret.id,
        sha256=digest,
        content_type=kind,
        size=len(data),
        data=data,
        uploaded_by=actor.name,
    )
    session.add(photo)
    session.flush()
    record(session, actor, "return.photo", "return", no, sha256=digest, size=len(data))
    return photo


def photos_of(session: Session, return_id: int) -> list[ReturnPhoto]:
    return list(
        session.scalars(
            select(ReturnPhoto).where(ReturnPhoto.return_id == return_id).order_by(ReturnPhoto.id)
        )
    )
