// Audio card: every <section class="tt-audio"> gets its captions turned on and shown under the player,
// and its length confirmed from the audio itself. The card works without this script (native controls).

function formatDuration(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

class AudioCard {
  constructor(root) {
    this.root = root;
    this.audio = root.querySelector("audio");
    this.caption = root.querySelector('[data-role="caption"]');
    this.durationLabel = root.querySelector('[data-role="duration"]');
    this.track = this.audio.textTracks[0];
    this.audio.addEventListener("loadedmetadata", () => this.showDuration());
    this.audio.addEventListener("error", () => this.showError(), true);
    if (this.audio.readyState >= 1) this.showDuration();
    this.showCaptions();
  }

  showDuration() {
    if (Number.isFinite(this.audio.duration)) {
      this.durationLabel.textContent = formatDuration(this.audio.duration);
      this.root.dataset.duration = this.audio.duration.toFixed(2);
    }
  }

  showCaptions() {
    if (!this.track) return;
    // An <audio> element has no picture to draw captions on: the card shows the active cue itself.
    this.track.mode = "showing";
    this.track.addEventListener("cuechange", () => {
      const cues = [...(this.track.activeCues || [])];
      this.caption.textContent = cues.map((cue) => cue.text).join(" ");
    });
    this.root.dataset.captions = "on";
  }

  showError() {
    this.root.dataset.state = "error";
    this.caption.textContent = "The audio could not be loaded. The transcript below has every word.";
  }
}

for (const root of document.querySelectorAll("section.tt-audio")) {
  new AudioCard(root);
}
