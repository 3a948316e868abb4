"""Illustrations drawn with Pillow, so the demo needs no downloaded photo."""

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    ((163, 22, 28), (250, 214, 165)),
    ((22, 78, 99), (190, 227, 219)),
    ((74, 56, 34), (238, 226, 201)),
    ((40, 90, 50), (214, 234, 200)),
    ((60, 50, 110), (220, 214, 240)),
]


def draw_picture(seed: int, size=(1200, 750)) -> bytes:
    """A landscape-like picture: sky gradient, sun, hills, a few buildings."""
    rng = random.Random(seed)
    dark, light = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(light[i] * (1 - t) + dark[i] * t * 0.6) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_y = rng.randint(100, width - 100), rng.randint(60, height // 3)
    draw.ellipse([sun_x - 60, sun_y - 60, sun_x + 60, sun_y + 60], fill=(255, 240, 200))
    for layer in range(3):
        base = height * (0.55 + 0.12 * layer)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base - rng.randint(0, 120)))
        points.append((width, height))
        shade = tuple(max(0, int(c * (0.9 - 0.25 * layer))) for c in dark)
        draw.polygon(points, fill=shade)
    for _ in range(rng.randint(3, 7)):
        x = rng.randint(0, width - 120)
        w, h = rng.randint(40, 110), rng.randint(80, 260)
        draw.rectangle([x, height - h, x + w, height], fill=(30, 30, 30))
        for wy in range(height - h + 12, height - 12, 24):
            for wx in range(x + 8, x + w - 8, 18):
                if rng.random() < 0.6:
                    draw.rectangle([wx, wy, wx + 8, wy + 10], fill=(250, 220, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
