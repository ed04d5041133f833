"""The narrated overview: it decodes, its length fits its words, captions cover it, the page's player knows it."""

import re
import subprocess

import numpy as np
import pytest

from build_audio import SpokenFormatter, read_transcript
from media_pages import CHAPTER, ROOT

WORDS_PER_MINUTE = 150  # a normal speaking rate
MAX_GAP = 2.0  # seconds


@pytest.fixture(scope="module")
def sentences(facts) -> list[str]:
    """The transcript's sentences, read with the facts the build used, as the build reads them."""
    return [s for p in read_transcript(ROOT / "audio" / "02_activations.txt", facts) for s in p]


@pytest.fixture(scope="module")
def audio_path(audio_manifest):
    return audio_manifest["dir"] / audio_manifest["audio"]


@pytest.fixture(scope="module")
def pcm(audio_path):
    """The MP3 decoded by ffmpeg to mono 16-bit samples, and its sample rate."""
    rate = 22050
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(audio_path), "-f", "s16le", "-ac", "1", "-ar", str(rate),
                          "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768, rate


@pytest.fixture(scope="module")
def cues(audio_manifest):
    text = (audio_manifest["dir"] / audio_manifest["captions"]).read_text(encoding="utf-8")
    assert text.startswith("WEBVTT")
    found = re.findall(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})\n(.+)", text)

    def seconds(h, m, s, ms):
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    return [(seconds(*c[:4]), seconds(*c[4:8]), c[8]) for c in found]


def ffprobe_duration(path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
                          "-of", "default=nw=1", str(path)], check=True, capture_output=True, text=True).stdout
    assert "codec_name=mp3" in out
    return float(re.search(r"duration=([\d.]+)", out).group(1))


def test_decodes_and_sox_agrees_on_its_length(audio_path, audio_manifest, pcm, tmp_path):
    duration = ffprobe_duration(audio_path)
    assert abs(duration - audio_manifest["duration"]) < 0.05
    samples, rate = pcm
    wav = tmp_path / "narration.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(audio_path), str(wav)], check=True)
    stats = subprocess.run(["sox", str(wav), "-n", "stats"], check=True, capture_output=True, text=True).stderr
    assert abs(float(re.search(r"Length s\s+([\d.]+)", stats).group(1)) - duration) < 0.1
    assert abs(len(samples) / rate - duration) < 0.1


def test_length_is_far_from_a_whole_second(audio_path, audio_manifest):
    # Decoders differ by tens of milliseconds on an MP3's length; the narration ends
    # mid-second so that every player shows the same whole seconds as the card.
    for duration in (audio_manifest["duration"], ffprobe_duration(audio_path)):
        assert 0.3 <= duration % 1 <= 0.7, f"{duration:.3f} s is within 0.3 s of a whole second"


def test_numbers_are_filled_in_the_way_they_are_said(sentences, facts):
    assert SpokenFormatter().format("{x:.2f}, {y:.1f} and {p:.0%}", x=-0.17, y=88.72, p=0.671) == \
        "minus 0.17, 88.7 and 67 percent"
    spoken = " ".join(sentences)
    assert f"minus {abs(facts['gelu_min_value']):.2f}" in spoken and "{" not in spoken


def test_duration_fits_the_word_count(audio_manifest, sentences):
    words = sum(len(s.split()) for s in sentences)
    assert 600 <= words <= 900, f"the transcript should take 4 to 6 minutes to say; it has {words} words"
    expected = words / WORDS_PER_MINUTE * 60
    assert abs(audio_manifest["duration"] - expected) <= 0.2 * expected


def test_loud_enough_and_never_silent_for_long(pcm):
    samples, rate = pcm
    frame = rate // 20  # 50 ms
    frames = samples[: len(samples) // frame * frame].reshape(-1, frame)
    level = 20 * np.log10(np.sqrt((frames**2).mean(axis=1)) + 1e-12)
    speech = level[level > -45]
    assert -30 < 20 * np.log10(np.sqrt((samples**2).mean())) < -10, "overall level far from speech loudness"
    assert np.abs(samples).max() < 0.999, "clipped"
    silent_runs = np.diff(np.flatnonzero(np.diff(np.r_[False, level < -45, False])))[::2]
    assert silent_runs.max(initial=0) * 0.05 < MAX_GAP and len(speech) > 0.6 * len(level)


def test_captions_are_the_transcript_sentence_by_sentence(cues, audio_manifest, sentences):
    assert [text for _, _, text in cues] == sentences
    assert sentences == [s for p in audio_manifest["paragraphs"] for s in p]


def test_captions_cover_the_whole_duration_without_gaps(cues, audio_manifest):
    duration = audio_manifest["duration"]
    assert cues[0][0] <= MAX_GAP
    assert cues[-1][1] >= duration - MAX_GAP and cues[-1][1] <= duration + 0.5
    for (start, end, _), (next_start, _, _) in zip(cues, cues[1:]):
        assert start < end <= next_start + 1e-3
        assert next_start - end <= MAX_GAP


def test_chapter_places_the_audio_card_and_the_site_serves_its_files(chapter_html, site_dir, audio_manifest):
    assert 'class="tt-audio"' in chapter_html, "the chapter should show the audio overview (audio-overview directive)"
    for key in ("audio", "captions"):
        name = audio_manifest[key]
        assert (site_dir / "_static" / "media" / name).read_bytes() == (audio_manifest["dir"] / name).read_bytes()


def test_player_reports_duration_shows_captions_and_transcript(page, site_url, audio_manifest, chapter_html):
    assert 'class="tt-audio"' in chapter_html
    page.goto(f"{site_url}/{CHAPTER}")
    card = page.locator("section.tt-audio").first
    card.scroll_into_view_if_needed()
    assert "synthesized voice" in card.inner_text()
    duration = page.wait_for_function(
        "() => { const a = document.querySelector('section.tt-audio audio'); return a.readyState >= 1 && a.duration; }"
    ).json_value()
    assert abs(duration - audio_manifest["duration"]) < 0.5
    whole = int(duration)  # whole seconds, as the player shows its length
    assert card.locator("[data-role=duration]").inner_text() == f"{whole // 60}:{whole % 60:02d}"
    assert card.locator("track").evaluate("t => t.track.mode") == "showing"
    page.wait_for_function("document.querySelector('section.tt-audio track').readyState === 2")  # cues loaded
    first, second = audio_manifest["paragraphs"][0][:2]
    caption = "text => document.querySelector('.tt-audio__caption').textContent === text"
    page.wait_for_function(caption, arg=first)  # on from the start, before anyone presses play
    card.locator("audio").evaluate("a => { a.muted = true; a.playbackRate = 4; return a.play(); }")
    page.wait_for_function(caption, arg=second)  # and it follows the speech
    card.locator("audio").evaluate("a => a.pause()")
    transcript = card.locator("details.tt-audio__transcript")
    assert transcript.get_attribute("open") is None
    transcript.locator("summary").click()
    assert transcript.locator("p").first.is_visible()
    assert second in transcript.inner_text()
    page.guard.assert_clean()
