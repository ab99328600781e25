"""Image uploads: checked by their content (never the name) and their size, in one place for every app."""

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from common.errors import ValidationFailed

# Pillow format → (file extension, content type)
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}


def image_upload_check(upload, *, field: str) -> tuple[str, str]:
    """Refuse anything that is not a whole JPEG/PNG/GIF/WebP image within UPLOAD_MAX_BYTES; answer
    (extension, content type). Errors name `field` so forms and APIs show them next to it."""
    name = getattr(upload, "name", "") or field
    if upload.size is None or upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationFailed(
            _("%(name)s is too large (at most %(max)d bytes).") % {"name": name, "max": settings.UPLOAD_MAX_BYTES},
            data={field: [_("File too large.")]},
        )
    pixels = 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:  # reads the header only: the size is known before any decoding
            image_format = image.format
            pixels = image.width * image.height
            if pixels <= settings.IMAGE_MAX_PIXELS:
                image.verify()  # reads the whole file: a truncated or fake image fails here, not in a page later
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        image_format = None
    finally:
        upload.seek(0)
    if pixels > settings.IMAGE_MAX_PIXELS:
        # A decompression bomb (a 144-megapixel PNG fits in 140 KB) is refused before it is decoded.
        raise ValidationFailed(
            _("%(name)s is too large (at most %(max)d megapixels).")
            % {"name": name, "max": settings.IMAGE_MAX_PIXELS // 1_000_000},
            data={field: [_("Image too large.")]},
        )
    if image_format not in IMAGE_FORMATS:
        raise ValidationFailed(
            _("%(name)s is not a JPEG, PNG, GIF or WebP image.") % {"name": name},
            data={field: [_("Upload a valid image (JPEG, PNG, GIF or WebP).")]},
        )
    return IMAGE_FORMATS[image_format]
