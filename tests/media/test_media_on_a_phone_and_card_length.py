"""On a phone the theme's "Back to top" pill never covers the slide viewer's buttons; the audio card's length
(written at build time, then read from the audio) is the player's: whole seconds, the fraction dropped."""

import math
import re
import subprocess
from pathlib import Path

from interactive.audio import card_html
from media_pages import CHAPTER, serve_test_page

SHOTS = Path(__file__).resolve().parents[2] / "_build" / "test-artifacts" / "edits-shots"
PILL = "#pst-back-to-top"
SCROLL_UP_TO = """async ([top, by]) => {
    const scrolled = (y) => new Promise(done => { addEventListener('scroll', done, {once: true}); scrollTo(0, y); });
    await scrolled(top + by);
    await scrolled(top);  // the reader scrolls up: the theme shows its pill
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


TONE_SECONDS = 62.7  # a length whose fraction rounds up: rounding would say 1:03, the player says 1:02


def page_top(locator) -> float:
    return locator.evaluate("el => el.getBoundingClientRect().top + scrollY")


def overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_back_to_top_pill_leaves_the_viewers_buttons_free_on_a_phone(page, site_url):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{site_url}/{CHAPTER}")
    viewer = page.locator("figure.tt-slides").first
    viewer.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.tt-slides').dataset.renderedPage === '1'")
    pill = page.locator(PILL)
    pill_at = page.evaluate("innerHeight * 0.9")  # the theme pins the pill at 90vh
    SHOTS.mkdir(parents=True, exist_ok=True)
    for action in ("next", "fullscreen"):
        button = viewer.locator(f"[data-action={action}]")
        # scroll so that the button sits where the pill appears, scrolling up the last bit as a reader would
        page.evaluate(SCROLL_UP_TO, [page_top(button) - pill_at + 4, 120])
        assert page.evaluate(f"getComputedStyle(document.querySelector('{PILL}')).display") == "block"
        box = button.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 740, f"{action} should be on screen: {box}"
        page.screenshot(path=str(SHOTS / f"phone-slides-{action}-pill.png"))
        assert not (pill.is_visible() and overlap(pill.bounding_box(), box)), \
            f"the Back to top pill covers the viewer's {action} button: {pill.bounding_box()} over {box}"
    # away from the viewer the pill is there as before
    below = page_top(viewer) + viewer.bounding_box()["height"] + 800
    page.evaluate(SCROLL_UP_TO, [below, 120])
    assert pill.is_visible() and not overlap(pill.bounding_box(), viewer.bounding_box())
    page.screenshot(path=str(SHOTS / "phone-pill-below-viewer.png"))
    page.guard.assert_clean()


def test_audio_card_length_is_the_players_whole_seconds(page, site_url, chapter_html):
    built = re.search(r'data-role="duration">(\d+:\d\d)<', chapter_html)
    assert built, "the chapter's audio card should state its length"
    page.goto(f"{site_url}/{CHAPTER}")
    card = page.locator("section.tt-audio").first
    card.scroll_into_view_if_needed()
    duration = page.wait_for_function(
        "() => { const a = document.querySelector('section.tt-audio audio'); return a.readyState >= 1 && a.duration; }"
    ).json_value()
    whole = math.floor(duration)  # what Chromium's player shows as the total time
    player = f"{whole // 60}:{whole % 60:02d}"
    assert built.group(1) == player, f"the page is built saying {built.group(1)}; the player says {player}"
    assert card.locator("[data-role=duration]").inner_text() == player
    page.guard.assert_clean()


def test_a_card_for_audio_with_a_fraction_over_half_says_what_the_player_says(page, site_url, tmp_path):
    tone = tmp_path / "tone.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"sine=frequency=440:duration={TONE_SECONDS}",
                    "-ac", "1", "-ar", "22050", "-b:a", "64k", str(tone)], check=True)
    probed = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                   str(tone)], check=True, capture_output=True, text=True).stdout)
    html = card_html(title="Tone", audio_url="_media_test/tone.mp3", captions_url="_media_test/tone.vtt",
                     duration=probed, paragraphs=[["A tone."]], mime="audio/mpeg")
    built = re.search(r'data-role="duration">(\d+:\d\d)<', html).group(1)
    url = serve_test_page(page, site_url, html)
    page.route(f"{site_url}/book/_media_test/tone.mp3", lambda route: route.fulfill(path=str(tone)))
    page.route(f"{site_url}/book/_media_test/tone.vtt", lambda route: route.fulfill(
        body="WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nA tone.\n", content_type="text/vtt"))
    page.goto(url)
    duration = page.wait_for_function(
        "() => { const a = document.querySelector('section.tt-audio audio'); return a.readyState >= 1 && a.duration; }"
    ).json_value()
    assert duration % 1 > 0.5, f"the tone should end past the half second to test rounding: {duration}"
    whole = math.floor(duration)
    player = f"{whole // 60}:{whole % 60:02d}"
    assert built == player, f"the card is built saying {built}; the player says {player}"
    page.wait_for_function("t => document.querySelector('[data-role=duration]').textContent === t", arg=player)
    page.guard.assert_clean()
