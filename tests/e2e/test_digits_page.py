"""Digits in the page: pick them, train, draw a digit and watch the network's belief
change; weight pictures, the gallery and a readable 64-input diagram. And the drawing
pad's downsampling (frontend/js/pixel-counts.js, run in Chromium) is the digits set's own:
ink counted per 4x4 block of a 32x32 bitmap as the Python reference does, and digits drawn
as strokes come out like the set's images of those digits."""

import math
from pathlib import Path

import numpy as np
import pytest

from nnplayground.data.digits import bitmap_to_counts
from nnplayground.data.real import find_real, load_builtin
from tests.e2e.page_tools import by_testid, open_page, wait_for_epoch, wait_for_status

SHOTS = Path("/work/shots/images")
PROBABILITIES = """() => [...document.querySelectorAll('[data-testid=probabilities] .probability')]
  .map(bar => bar.dataset.probability === '' ? null : Number(bar.dataset.probability))"""

PIXEL_COUNTS = """async (input) => {
  const counts = await import('/js/pixel-counts.js');
  if (input.bitmap) return {counts: counts.countsOfBitmap(input.bitmap)};
  const drawn = counts.pixelCounts(input.strokes);
  return {bitmap: Array.from(drawn.bitmap), counts: drawn.counts};
}"""


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 48) -> list[list[float]]:
    return [[cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n)]
            for k in range(n + 1)]


# Digits as a person draws them on the 224-pixel pad: lists of strokes of [x, y] points.
DRAWN = {
    0: [ellipse(110, 110, 50, 85)],
    1: [[[100, 40], [118, 22], [118, 200]]],
    4: [[[130, 20], [55, 130], [165, 130]], [[130, 70], [130, 205]]],
    7: [[[50, 30], [165, 30], [95, 200]]],
}


@pytest.fixture
def pad_page(page, server):
    page.goto(server.url)
    return page


def test_the_page_counts_a_known_bitmap_as_the_python_reference(pad_page):
    rng = np.random.default_rng(7)
    bitmap = (rng.random((32, 32)) < 0.3).astype(np.uint8)
    bitmap[4:28, 20:25] = 1  # a thick stroke over several blocks
    answer = pad_page.evaluate(PIXEL_COUNTS, {"bitmap": bitmap.reshape(-1).tolist()})
    assert answer["counts"] == bitmap_to_counts(bitmap).reshape(-1).tolist()


@pytest.mark.parametrize("digit", sorted(DRAWN))
def test_a_drawn_digit_becomes_an_image_like_the_sets(pad_page, digit):
    answer = pad_page.evaluate(PIXEL_COUNTS, {"strokes": DRAWN[digit]})
    bitmap = np.array(answer["bitmap"]).reshape(32, 32)
    counts = np.array(answer["counts"])
    assert counts.tolist() == bitmap_to_counts(bitmap).reshape(-1).tolist()
    assert counts.min() >= 0 and counts.max() <= 16
    rows = np.flatnonzero(bitmap.any(axis=1))
    assert (rows[0], rows[-1]) == (0, 31)  # normalised: the digit fills the bitmap's height
    X, y, _ = load_builtin("digits")
    images = X * find_real("digits").scale
    class_means = np.array([images[y == d].mean(axis=0) for d in range(10)])
    nearest = int(((class_means - counts) ** 2).sum(axis=1).argmin())
    assert nearest == digit


def shot(locator, name: str) -> None:
    if SHOTS.parent.is_dir():  # the screenshots asked for; nothing else depends on them
        SHOTS.mkdir(exist_ok=True)
        locator.screenshot(path=str(SHOTS / f"{name}.png"))


def draw(page, strokes) -> None:
    """Draw `strokes` (pad coordinates, 224 a side) on the pad with the mouse."""
    pad = page.locator("#image-panel .pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    scale = box["width"] / 224
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + x * scale, box["y"] + y * scale, steps=4)
        page.mouse.up()


def probabilities(page) -> list[float | None]:
    return page.evaluate(PROBABILITIES)


def boxes_overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def assert_inputs_readable(page) -> None:
    """The 64 inputs: 12 named, the rest summarised; no label overlaps another or a node,
    and none is cut short (read in one go: the diagram may be rebuilt meanwhile)."""
    page.wait_for_function("() => document.querySelectorAll('#network .node-label').length === 12")
    drawn = page.evaluate("""() => {
      const rect = (e) => { const r = e.getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height}; };
      const all = (selector) => [...document.querySelectorAll(selector)];
      return {
        rects: all('#network .node-label, #network .more-label, #network .node.feature').map(rect),
        more: all('#network .more-label').map(e => e.textContent),
        cut: all('#network .node-label').filter(e => e.scrollWidth > e.clientWidth)
          .map(e => e.textContent)};
    }""")
    assert drawn["more"][0] == "+52 more" and drawn["cut"] == []
    rects = drawn["rects"]
    for i, a in enumerate(rects):
        assert not any(boxes_overlap(a, b) for b in rects[i + 1:]), f"overlap at {i}: {a}"


def test_pick_digits_train_and_watch_a_drawing_change_belief(page, watch, server):
    open_page(page, f"{server.url}/#layers=16:relu")  # 16 weight pictures, all in the diagram
    by_testid(page, "dataset-digits").click()
    panel = by_testid(page, "image-panel")
    panel.wait_for(state="visible")
    assert_inputs_readable(page)

    draw(page, DRAWN[7])
    page.wait_for_function("() => /press play or step/i.test("
                           "document.querySelector('#image-panel .pad-message').textContent)")
    by_testid(page, "step").click()  # the page's job: one epoch
    page.wait_for_function(f"() => ({PROBABILITIES})().every(p => p !== null)")
    first = probabilities(page)
    assert abs(sum(first) - 1) < 1e-3

    page.select_option("#optimizer", "adam")
    page.select_option("#learning-rate", "0.003")
    page.select_option("#speed", "max")
    by_testid(page, "play").click()
    wait_for_epoch(page, lambda shown: shown >= 30, timeout=90)
    # The bars follow the network while it trains: the belief in 7 moves.
    page.wait_for_function(f"""first => {{
      const now = ({PROBABILITIES})();
      return now[7] !== null && Math.abs(now[7] - first[7]) > 0.05; }}""",
                           arg=first, timeout=30_000)
    by_testid(page, "play").click()
    wait_for_status(page, "^Paused")

    # The drawing pad asks an image set's model: no form of 64 pixel fields beside it.
    page.wait_for_function("() => document.querySelector('#class-report').children.length > 0")
    assert by_testid(page, "ask-model").is_hidden()
    weights = page.locator("#image-panel .weight-picture")
    assert weights.count() == 16
    drawn = page.locator("#network .node.neuron")
    first_layer = [drawn.nth(i) for i in range(16)]
    assert all("blank" not in node.get_attribute("class") for node in first_layer)
    digits = page.locator("#image-panel .gallery .digit")
    page.wait_for_function("() => document.querySelectorAll('#image-panel .digit').length === 40")
    mistakes = [("mistake" in digits.nth(i).get_attribute("class")) for i in range(40)]
    assert mistakes == sorted(mistakes, reverse=True)  # mistakes first
    shot(page.locator("#network"), "digits-diagram-weights")
    shot(panel.locator(".drawing"), "digits-drawing-pad")
    shot(panel.locator(".weights"), "digits-weight-pictures")
    shot(panel.locator(".gallery"), "digits-gallery")
    shot(panel, "digits-images-panel")
    watch.assert_clean()

