"""Demo pictures drawn with Pillow at demo load (nothing downloaded): a soft two-colour card with a simple
shape, different for every label, so the demo market does not look empty."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

SIZE = (640, 480)


def demo_picture(label: str) -> ContentFile:
    """A PNG for `label` (the same label always gives the same picture)."""
    digest = hashlib.sha256(label.encode()).digest()
    top = (80 + digest[0] % 150, 80 + digest[1] % 150, 80 + digest[2] % 150)
    bottom = tuple(max(0, c - 60) for c in top)
    image = Image.new("RGB", SIZE, top)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        mix = y / SIZE[1]
        draw.line([(0, y), (SIZE[0], y)], fill=tuple(int(a * (1 - mix) + b * mix) for a, b in zip(top, bottom, strict=True)))
    x, y, r = 200 + digest[3] % 240, 150 + digest[4] % 180, 70 + digest[5] % 60
    light = (245, 245, 240)
    if digest[6] % 2:
        draw.ellipse([x - r, y - r, x + r, y + r], fill=light)
    else:
        draw.rounded_rectangle([x - r, y - r, x + r, y + r], radius=r // 4, fill=light)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"demo-{digest.hex()[:12]}.png")


def demo_picture_url(label: str, *, folder: str) -> str:
    """Store the picture for `label` under MEDIA_ROOT/<folder>/ once and answer its URL."""
    picture = demo_picture(label)
    path = f"{folder}/{picture.name}"
    if not default_storage.exists(path):
        path = default_storage.save(path, picture)
    return default_storage.url(path)
