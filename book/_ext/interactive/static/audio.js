// Audio card: every <section class="tt-audio"> gets its captions turned on and shown under the player,
// and its length confirmed from the audio itself. The card works without this script (native controls).
(() => {
  "use strict";

  // m:ss in whole seconds, dropping the fraction as the browser's player does (and audio.py at build time).
  function formatDuration(seconds) {
    const whole = Math.floor(seconds);
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
      // An <audio> element has no picture to draw captions on: the card shows the cue at the current time itself.
      this.track.mode = "showing";
      const update = () => this.showCue();
      this.track.addEventListener("cuechange", update);
      this.audio.addEventListener("timeupdate", update);
      this.audio.addEventListener("seeked", update);
      this.root.querySelector("track").addEventListener("load", update);
      update();
      this.root.dataset.captions = "on";
    }

    showCue() {
      const now = this.audio.currentTime;
      const cues = [...(this.track.cues || [])].filter((cue) => cue.startTime <= now && now < cue.endTime);
      const text = cues.map((cue) => cue.text).join(" ");
      if (this.caption.textContent !== text) this.caption.textContent = text;
    }

    showError() {
      this.root.dataset.state = "error";
      this.caption.textContent = "The audio could not be loaded. The transcript below has every word.";
    }
  }

  for (const root of document.querySelectorAll("section.tt-audio")) {
    new AudioCard(root);
  }
})();
