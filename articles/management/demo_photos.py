"""Pictures for the demo archive, drawn with Pillow: skylines, hills, harbours,
pitches, meetings and portraits in varied light, soft and grainy enough to
read as photographs at the sizes a front page shows them.

Each drawing returns a `DemoPhoto`: the JPEG bytes an editor would upload,
with the alt text, caption and focal point an editor would give it.
"""

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

# Drawn at half size and enlarged: the softness of a photo at no extra cost.
DRAWN = (800, 520)
SIZE = (1600, 1040)
PORTRAIT_DRAWN = (400, 400)
PORTRAIT_SIZE = (800, 800)

# Sky colours from the top of the sky to the horizon.
SKIES = {
    "dawn": [(52, 61, 110), (196, 120, 132), (250, 196, 140)],
    "noon": [(62, 128, 201), (128, 182, 230), (214, 234, 246)],
    "dusk": [(28, 30, 68), (126, 58, 92), (244, 134, 82)],
    "overcast": [(112, 122, 134), (158, 166, 174), (204, 208, 210)],
    "night": [(8, 12, 32), (22, 32, 66), (58, 62, 96)],
}


@dataclass(frozen=True)
class DemoPhoto:
    content: bytes
    alt_text: str
    caption: str
    focal_point: tuple[int, int]  # percent from the left and from the top


def mix(first, second, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def shade(colour, factor):
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def vertical_gradient(size, stops):
    """An image fading through `stops` from top to bottom."""
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        position = y / max(1, height - 1) * (len(stops) - 1)
        index = min(int(position), len(stops) - 2)
        column.putpixel((0, y), mix(stops[index], stops[index + 1], position - index))
    return column.resize(size)


def ridge(rng, width, base, roughness, points=9):
    """The top edge of a range of hills: a smoothed random walk around `base`."""
    heights = [base + rng.uniform(-roughness, roughness) for _ in range(points)]
    edge = []
    for x in range(0, width + 1, 8):
        position = x / width * (points - 1)
        index = min(int(position), points - 2)
        share = (1 - math.cos((position - index) * math.pi)) / 2
        edge.append((x, heights[index] + (heights[index + 1] - heights[index]) * share))
    return edge


def glow(image, centre, radius, colour, strength=0.8):
    """A soft disc of light, as the sun or a lamp seen through haze."""
    layer = Image.new("RGB", image.size, (0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x, y = centre
    for step in range(12, 0, -1):
        reach = radius * step / 4
        draw.ellipse(
            (x - reach, y - reach, x + reach, y + reach),
            fill=shade(colour, strength / step),
        )
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return ImageChops.add(image, layer.filter(ImageFilter.GaussianBlur(radius / 2)))


def bokeh(image, rng, count, palette, radius=(8, 26)):
    """Out-of-focus lights in the background."""
    layer = Image.new("RGB", image.size, (0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        x, y = rng.uniform(0, image.width), rng.uniform(0, image.height * 0.7)
        reach = rng.uniform(*radius)
        colour = shade(rng.choice(palette), rng.uniform(0.25, 0.6))
        draw.ellipse((x - reach, y - reach, x + reach, y + reach), fill=colour)
    return ImageChops.add(image, layer.filter(ImageFilter.GaussianBlur(4)))


def finish(image, size, rng, grain=14):
    """Enlarge, add film grain and a vignette, and encode as a camera would."""
    photo = image.resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, grain).convert("RGB")
    photo = Image.blend(photo, ImageChops.overlay(photo, noise), 0.18)
    vignette = Image.radial_gradient("L").resize(size)
    darkness = vignette.point(lambda v: max(0, v - 170) * 0.5)
    photo = ImageChops.subtract(photo, Image.merge("RGB", [darkness] * 3))
    output = io.BytesIO()
    photo.save(output, "JPEG", quality=88)
    return output.getvalue()


def skyline(rng):
    light = rng.choice(["dusk", "night", "dawn", "overcast"])
    width, height = DRAWN
    image = vertical_gradient(DRAWN, SKIES[light])
    horizon = height * rng.uniform(0.62, 0.72)
    if light in ("dusk", "dawn"):
        image = glow(
            image, (rng.uniform(0.2, 0.8) * width, horizon - 30), 26, (255, 210, 150)
        )
    draw = ImageDraw.Draw(image)
    windows = light in ("dusk", "night")
    tallest = (width / 2, horizon)
    for layer, darkness in ((0, 0.55), (1, 0.3)):
        x = -rng.uniform(0, 30)
        while x < width:
            building = rng.uniform(30, 80)
            top = horizon - rng.uniform(40, 200 if layer else 140) * (1 + layer * 0.3)
            body = shade(SKIES[light][0], darkness)
            draw.rectangle((x, top, x + building, height), fill=body)
            if layer and top < tallest[1]:
                tallest = (x + building / 2, top)
            if windows and layer:
                for wy in range(int(top) + 8, height, 12):
                    for wx in range(int(x) + 6, int(x + building) - 6, 10):
                        if rng.random() < 0.45:
                            lamp = rng.choice(
                                [(255, 214, 140), (250, 236, 190), (170, 200, 255)]
                            )
                            draw.rectangle((wx, wy, wx + 4, wy + 6), fill=lamp)
            x += building + rng.uniform(0, 8)
    draw.rectangle((0, height * 0.9, width, height), fill=shade(SKIES[light][0], 0.2))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    place = rng.choice(["city centre", "financial district", "river bank", "old town"])
    when = {
        "dusk": "at dusk",
        "night": "at night",
        "dawn": "at dawn",
        "overcast": "under cloud",
    }[light]
    return image, (
        f"Towers of the {place} {when}",
        f"The {place} {when}.",
        tallest,
    )


def hills(rng):
    light = rng.choice(["dawn", "noon", "dusk", "overcast"])
    width, height = DRAWN
    image = vertical_gradient(DRAWN, SKIES[light])
    sun = (rng.uniform(0.25, 0.75) * width, height * rng.uniform(0.25, 0.45))
    if light != "overcast":
        image = glow(image, sun, 18, (255, 236, 200), 0.6)
    draw = ImageDraw.Draw(image)
    green = rng.choice([(64, 98, 62), (88, 104, 58), (52, 84, 76), (96, 86, 60)])
    for depth in range(4):
        base = height * (0.45 + depth * 0.13)
        haze = (3 - depth) / 4
        colour = mix(shade(green, 0.5 + depth * 0.2), SKIES[light][-1], haze * 0.7)
        edge = ridge(rng, width, base, 40 - depth * 6)
        draw.polygon([*edge, (width, height), (0, height)], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    place = rng.choice(["valley", "moorland", "national park", "farmland"])
    when = {
        "dawn": "at dawn",
        "noon": "in sunshine",
        "dusk": "at dusk",
        "overcast": "under cloud",
    }[light]
    return image, (
        f"Hills above the {place} {when}",
        f"The {place} where the new plans would apply.",
        sun,
    )


def harbour(rng):
    light = rng.choice(["dawn", "noon", "dusk"])
    width, height = DRAWN
    horizon = height * rng.uniform(0.5, 0.6)
    sky = vertical_gradient((width, int(horizon)), SKIES[light])
    sea = vertical_gradient(
        (width, height - int(horizon)),
        [shade(SKIES[light][-1], 0.8), shade(SKIES[light][0], 0.6)],
    )
    image = Image.new("RGB", DRAWN)
    image.paste(sky, (0, 0))
    image.paste(sea, (0, int(horizon)))
    draw = ImageDraw.Draw(image)
    for y in range(int(horizon) + 4, height, 6):
        for _ in range(6):
            x = rng.uniform(0, width)
            draw.line(
                (x, y, x + rng.uniform(10, 40), y), fill=shade(SKIES[light][-1], 0.95)
            )
    boats = []
    for _ in range(rng.randint(3, 6)):
        x = rng.uniform(40, width - 80)
        y = horizon + rng.uniform(20, height - horizon - 40)
        scale = 0.5 + (y - horizon) / (height - horizon)
        hull = rng.choice(
            [(180, 40, 40), (240, 240, 236), (30, 60, 110), (230, 180, 40)]
        )
        draw.polygon(
            [
                (x, y),
                (x + 70 * scale, y),
                (x + 60 * scale, y + 14 * scale),
                (x + 8 * scale, y + 14 * scale),
            ],
            fill=hull,
        )
        draw.line(
            (x + 34 * scale, y, x + 34 * scale, y - 70 * scale),
            fill=(40, 40, 40),
            width=2,
        )
        draw.polygon(
            [
                (x + 36 * scale, y - 68 * scale),
                (x + 36 * scale, y - 4),
                (x + 64 * scale, y - 6),
            ],
            fill=(246, 244, 236),
        )
        boats.append((x + 34 * scale, y - 30 * scale))
    draw.rectangle(
        (0, horizon - 14, width * rng.uniform(0.2, 0.4), horizon + 4), fill=(70, 64, 60)
    )
    image = image.filter(ImageFilter.GaussianBlur(0.9))
    place = rng.choice(["harbour", "marina", "fishing port", "estuary"])
    return image, (
        f"Boats moored in the {place}",
        f"Boats in the {place} this week.",
        boats[0],
    )


def pitch(rng):
    width, height = DRAWN
    stand = height * rng.uniform(0.28, 0.38)
    image = Image.new("RGB", DRAWN)
    crowd = Image.effect_noise((width // 3, int(stand) // 3), 90).convert("RGB")
    tint = rng.choice([(200, 40, 40), (30, 70, 160), (240, 200, 30), (40, 130, 70)])
    crowd = ImageChops.multiply(
        crowd.resize((width, int(stand))), Image.new("RGB", (width, int(stand)), tint)
    )
    image.paste(crowd.filter(ImageFilter.GaussianBlur(1.5)), (0, 0))
    grass = rng.choice([(58, 128, 58), (66, 140, 64), (48, 112, 60)])
    draw = ImageDraw.Draw(image)
    stripes = 9
    for n in range(stripes):
        top = stand + (height - stand) * (n / stripes) ** 1.4
        bottom = stand + (height - stand) * ((n + 1) / stripes) ** 1.4
        draw.rectangle(
            (0, top, width, bottom), fill=shade(grass, 1.08 if n % 2 else 0.94)
        )
    draw.line((0, stand + 6, width, stand + 6), fill=(236, 236, 230), width=3)
    draw.arc(
        (width * 0.3, stand + 40, width * 0.7, height * 1.1),
        180,
        360,
        fill=(236, 236, 230),
        width=3,
    )
    players = []
    for _ in range(rng.randint(3, 6)):
        x = rng.uniform(60, width - 60)
        y = rng.uniform(stand + 60, height - 40)
        scale = 0.6 + (y - stand) / (height - stand)
        kit = rng.choice([tint, (240, 240, 240), (20, 20, 24)])
        draw.ellipse(
            (x - 7 * scale, y - 62 * scale, x + 7 * scale, y - 48 * scale),
            fill=(186, 140, 110),
        )
        draw.rounded_rectangle(
            (x - 11 * scale, y - 48 * scale, x + 11 * scale, y - 20 * scale),
            4,
            fill=kit,
        )
        draw.rectangle(
            (x - 9 * scale, y - 20 * scale, x + 9 * scale, y), fill=(30, 30, 30)
        )
        players.append((x, y - 40 * scale))
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    match = rng.choice(["the final", "the derby", "the cup tie", "the league match"])
    return image, (
        f"Players on the pitch during {match}",
        f"Players during {match} on Saturday.",
        players[0],
    )


def meeting(rng):
    width, height = DRAWN
    wall = rng.choice([(72, 52, 44), (40, 48, 62), (88, 80, 70), (30, 40, 36)])
    image = vertical_gradient(DRAWN, [shade(wall, 0.6), wall, shade(wall, 0.7)])
    image = bokeh(image, rng, 40, [(255, 220, 160), (255, 250, 230), (200, 220, 255)])
    draw = ImageDraw.Draw(image)
    speaker = (rng.uniform(0.35, 0.65) * width, height * 0.42)
    x, y = speaker
    suit = rng.choice([(30, 34, 44), (60, 40, 40), (50, 56, 60), (120, 30, 40)])
    skin = rng.choice([(230, 190, 160), (196, 150, 116), (140, 100, 72), (96, 66, 48)])
    draw.ellipse((x - 90, y + 60, x + 90, y + 300), fill=suit)
    draw.rectangle((x - 16, y + 30, x + 16, y + 70), fill=shade(skin, 0.85))
    draw.ellipse((x - 38, y - 50, x + 38, y + 50), fill=skin)
    draw.chord(
        (x - 40, y - 56, x + 40, y + 10),
        180,
        360,
        fill=rng.choice([(30, 24, 20), (90, 70, 50), (160, 160, 160)]),
    )
    podium = (x - 110, height * 0.72, x + 110, height)
    draw.rectangle(podium, fill=(118, 84, 56))
    draw.rectangle(
        (x - 110, height * 0.72, x + 110, height * 0.76), fill=(140, 104, 70)
    )
    draw.line((x + 10, height * 0.72, x + 30, y + 70), fill=(20, 20, 20), width=3)
    for row in range(2):
        for n in range(12):
            hx = n * width / 11 + rng.uniform(-10, 10)
            hy = height * (0.92 + row * 0.06)
            draw.ellipse(
                (hx - 30, hy - 34, hx + 30, hy + 30),
                fill=shade(wall, 0.25 + row * 0.05),
            )
    image = image.filter(ImageFilter.GaussianBlur(0.9))
    who = rng.choice(
        ["The mayor", "The minister", "The council leader", "The chief executive"]
    )
    return image, (
        f"{who} speaking from a lectern to a packed hall",
        f"{who} answers questions at the briefing.",
        speaker,
    )


def market(rng):
    width, height = DRAWN
    image = vertical_gradient(DRAWN, [(250, 240, 220), (210, 190, 160)])
    draw = ImageDraw.Draw(image)
    awnings = [(200, 50, 50), (40, 120, 90), (230, 170, 40), (50, 90, 160)]
    stall = width / rng.randint(3, 5)
    for n in range(int(width / stall) + 1):
        colour = awnings[(n + rng.randint(0, 3)) % len(awnings)]
        left = n * stall
        for stripe in range(6):
            draw.rectangle(
                (left + stripe * stall / 6, 40, left + (stripe + 1) * stall / 6, 120),
                fill=colour if stripe % 2 else (246, 240, 228),
            )
        draw.polygon(
            [(left, 120), (left + stall, 120), (left + stall, 140), (left, 140)],
            fill=shade(colour, 0.7),
        )
    produce = [
        (220, 60, 40),
        (250, 160, 30),
        (120, 170, 50),
        (230, 210, 70),
        (140, 40, 90),
    ]
    for _ in range(900):
        x, y = rng.uniform(0, width), rng.uniform(height * 0.5, height)
        reach = rng.uniform(5, 11)
        draw.ellipse(
            (x - reach, y - reach, x + reach, y + reach),
            fill=shade(rng.choice(produce), rng.uniform(0.75, 1.1)),
        )
    image = image.filter(ImageFilter.GaussianBlur(1.1))
    place = rng.choice(["market square", "covered market", "farmers' market"])
    return image, (
        f"Fruit and vegetables on stalls in the {place}",
        f"Stalls in the {place} on Friday morning.",
        (width / 2, height * 0.7),
    )


def stage(rng):
    width, height = DRAWN
    image = Image.new("RGB", DRAWN, (14, 10, 12))
    draw = ImageDraw.Draw(image)
    curtain = rng.choice([(120, 16, 28), (30, 40, 110), (90, 20, 70)])
    for n in range(0, width, 22):
        fold = 0.6 + 0.4 * math.sin(n / 22 * 1.7)
        draw.rectangle((n, 0, n + 22, height * 0.78), fill=shade(curtain, fold))
    draw.rectangle(
        (width * 0.16, height * 0.12, width * 0.84, height * 0.78), fill=(24, 20, 26)
    )
    draw.rectangle((0, height * 0.78, width, height), fill=(70, 46, 30))
    light = Image.new("RGB", DRAWN, (0, 0, 0))
    beams = ImageDraw.Draw(light)
    performers = []
    for _ in range(rng.randint(1, 3)):
        x = rng.uniform(width * 0.25, width * 0.75)
        beams.polygon(
            [
                (x - 20, 0),
                (x + 20, 0),
                (x + 90, height * 0.86),
                (x - 90, height * 0.86),
            ],
            fill=(120, 110, 80),
        )
        performers.append(x)
    image = ImageChops.add(image, light.filter(ImageFilter.GaussianBlur(12)))
    draw = ImageDraw.Draw(image)
    for x in performers:
        costume = rng.choice(
            [(230, 230, 220), (200, 60, 40), (40, 40, 44), (220, 180, 60)]
        )
        draw.ellipse(
            (x - 12, height * 0.44, x + 12, height * 0.5), fill=(210, 170, 140)
        )
        draw.polygon(
            [
                (x - 14, height * 0.5),
                (x + 14, height * 0.5),
                (x + 30, height * 0.8),
                (x - 30, height * 0.8),
            ],
            fill=costume,
        )
    for n in range(14):
        hx = n * width / 13 + rng.uniform(-8, 8)
        draw.ellipse((hx - 34, height * 0.9, hx + 34, height * 1.1), fill=(8, 6, 8))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    show = rng.choice(
        ["the premiere", "the opening night", "the dress rehearsal", "the festival"]
    )
    return image, (
        f"Performers under spotlights on stage at {show}",
        f"The cast on stage at {show}.",
        (performers[0], height * 0.55),
    )


def bridge(rng):
    light = rng.choice(["dawn", "noon", "dusk", "overcast"])
    width, height = DRAWN
    horizon = height * 0.62
    image = vertical_gradient(DRAWN, [*SKIES[light], shade(SKIES[light][0], 0.7)])
    draw = ImageDraw.Draw(image)
    bank = shade(SKIES[light][0], 0.45)
    edge = ridge(rng, width, horizon - 30, 14)
    draw.polygon(
        [*edge, (width, horizon), (0, horizon)], fill=mix(bank, SKIES[light][-1], 0.4)
    )
    deck = horizon - rng.uniform(40, 70)
    stone = rng.choice([(150, 140, 126), (120, 110, 100), (170, 160, 140)])
    water = horizon + 24
    draw.rectangle((0, deck, width, water), fill=stone)
    draw.rectangle((0, deck, width, deck + 6), fill=shade(stone, 1.15))
    arches = rng.randint(3, 5)
    span = width / arches
    rise = water - deck - 26
    for n in range(arches):
        left = n * span + span * 0.08
        right = (n + 1) * span - span * 0.08
        # The dark opening under each arch, its crown below the parapet.
        draw.chord(
            (left, water - rise, right, water + rise), 180, 360, fill=(34, 34, 40)
        )
    for y in range(int(horizon) + 10, height, 7):
        for _ in range(5):
            x = rng.uniform(0, width)
            draw.line(
                (x, y, x + rng.uniform(10, 50), y), fill=shade(SKIES[light][-1], 0.8)
            )
    image = image.filter(ImageFilter.GaussianBlur(1.0))
    river = rng.choice(["the river", "the canal", "the weir"])
    return image, (
        f"The old stone bridge over {river}",
        f"The bridge over {river}, which engineers will inspect.",
        (width / 2, deck),
    )


SCENES = {
    scene.__name__: scene
    for scene in [skyline, hills, harbour, pitch, meeting, market, stage, bridge]
}


def lead_photo(rng, scene):
    """A news photo of the named scene, lit and composed by `rng`."""
    image, (alt_text, caption, (x, y)) = SCENES[scene](rng)
    return DemoPhoto(
        content=finish(image, SIZE, rng),
        alt_text=alt_text,
        caption=caption,
        focal_point=(round(100 * x / DRAWN[0]), round(100 * y / DRAWN[1])),
    )


def portrait(rng, name):
    """A head-and-shoulders picture against a soft office or studio backdrop."""
    width, height = PORTRAIT_DRAWN
    backdrop = rng.choice(
        [(120, 132, 140), (150, 136, 118), (70, 84, 100), (170, 170, 164)]
    )
    image = vertical_gradient(
        PORTRAIT_DRAWN, [shade(backdrop, 1.15), shade(backdrop, 0.75)]
    )
    image = bokeh(image, rng, 14, [(255, 246, 220), (220, 230, 255)], radius=(10, 30))
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(236, 198, 170), (208, 160, 124), (160, 112, 80), (110, 74, 52)])
    hair = rng.choice(
        [(30, 24, 20), (84, 58, 36), (150, 110, 60), (180, 180, 176), (60, 40, 30)]
    )
    clothes = rng.choice(
        [(32, 40, 60), (120, 40, 50), (60, 90, 80), (220, 220, 214), (40, 40, 40)]
    )
    x = width / 2 + rng.uniform(-20, 20)
    head = 70
    draw.ellipse((x - 150, 300, x + 150, 560), fill=clothes)
    draw.rectangle((x - 28, 250, x + 28, 320), fill=shade(skin, 0.85))
    draw.polygon([(x - 30, 300), (x + 30, 300), (x, 350)], fill=shade(skin, 0.85))
    long_hair = rng.random() < 0.5
    if long_hair:
        draw.rounded_rectangle((x - head - 8, 110, x + head + 8, 300), 60, fill=hair)
    draw.ellipse((x - head + 6, 120, x + head - 6, 290), fill=skin)
    draw.chord((x - head, 100, x + head, 230), 180, 360, fill=hair)
    draw.ellipse((x - 30, 190, x - 16, 198), fill=shade(skin, 0.45))
    draw.ellipse((x + 16, 190, x + 30, 198), fill=shade(skin, 0.45))
    draw.arc((x - 20, 226, x + 20, 250), 20, 160, fill=shade(skin, 0.6), width=3)
    image = image.filter(ImageFilter.GaussianBlur(1.0))
    return DemoPhoto(
        content=finish(image, PORTRAIT_SIZE, rng, grain=10),
        alt_text=f"Portrait of {name}",
        caption="",
        focal_point=(round(100 * x / width), 48),
    )
