// Slide viewer: every <figure class="tt-slides"> becomes a pdf.js viewer, rendered once it scrolls into view.
// Options come from data- attributes: data-src (the PDF), data-pdfjs (pdf.min.mjs), data-title.
(() => {
  "use strict";

  const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2];
  const libraries = new Map(); // pdf.js module URL -> promise of the loaded library, shared by all viewers

  function loadPdfjs(url) {
    if (!libraries.has(url)) {
      libraries.set(url, import(url).then((lib) => {
        lib.GlobalWorkerOptions.workerSrc = new URL("pdf.worker.min.mjs", url).href;
        return lib;
      }));
    }
    return libraries.get(url);
  }

  class SlideViewer {
    constructor(root) {
      this.root = root;
      this.src = new URL(root.dataset.src, document.baseURI).href;
      this.pdfjsUrl = new URL(root.dataset.pdfjs, document.baseURI).href;
      this.title = root.dataset.title || "Slides";
      this.stage = root.querySelector(".tt-slides__stage");
      this.canvas = root.querySelector(".tt-slides__canvas");
      this.status = root.querySelector(".tt-slides__status");
      this.fallback = root.querySelector(".tt-slides__fallback");
      this.progress = root.querySelector(".tt-slides__progress");
      this.pageLabel = root.querySelector('[data-role="page"]');
      this.countLabel = root.querySelector('[data-role="count"]');
      this.zoomLabel = root.querySelector('[data-role="zoom"]');
      this.buttons = Object.fromEntries(
        [...root.querySelectorAll("[data-action]")].map((b) => [b.dataset.action, b]));
      this.doc = null;
      this.pageNumber = 1;
      this.zoomIndex = ZOOM_STEPS.indexOf(1);
      this.renderTask = null;
      this.pendingRender = false;
      root.dataset.state = "idle";
      this.bindControls();
    }

    bindControls() {
      const actions = {
        prev: () => this.go(this.pageNumber - 1),
        next: () => this.go(this.pageNumber + 1),
        "zoom-in": () => this.zoomBy(1),
        "zoom-out": () => this.zoomBy(-1),
        fullscreen: () => this.toggleFullscreen(),
      };
      for (const [action, run] of Object.entries(actions)) {
        this.buttons[action]?.addEventListener("click", run);
      }
      this.root.addEventListener("keydown", (event) => this.onKey(event));
      this.stage.addEventListener("click", () => this.stage.focus());
      document.addEventListener("fullscreenchange", () => this.onFullscreenChange());
      new ResizeObserver(() => this.scheduleRender()).observe(this.stage);
    }

    async start() {
      if (this.root.dataset.state !== "idle") return;
      this.root.dataset.state = "loading";
      this.status.textContent = "Loading the slides…";
      try {
        const lib = await loadPdfjs(this.pdfjsUrl);
        this.doc = await lib.getDocument({ url: this.src, isEvalSupported: false }).promise;
        this.buildProgress();
        this.status.textContent = "";
        this.status.hidden = true;
        this.root.dataset.state = "ready";
        await this.render();
      } catch (error) {
        this.showFallback(error);
      }
    }

    showFallback(error) {
      console.warn(`slide viewer: could not load ${this.src}:`, error);
      this.root.dataset.state = "error";
      this.canvas.hidden = true;
      this.status.hidden = true;
      this.fallback.hidden = false;
      for (const name of ["prev", "next", "zoom-in", "zoom-out", "fullscreen"]) {
        if (this.buttons[name]) this.buttons[name].disabled = true;
      }
    }

    buildProgress() {
      const count = this.doc.numPages;
      this.countLabel.textContent = String(count);
      this.progress.replaceChildren(...Array.from({ length: count }, (_, i) => {
        const segment = document.createElement("button");
        segment.type = "button";
        segment.className = "tt-slides__segment";
        segment.setAttribute("aria-label", `Go to slide ${i + 1} of ${count}`);
        segment.addEventListener("click", () => this.go(i + 1));
        return segment;
      }));
    }

    go(pageNumber) {
      if (!this.doc) return;
      const clamped = Math.min(Math.max(pageNumber, 1), this.doc.numPages);
      if (clamped === this.pageNumber) return;
      this.pageNumber = clamped;
      this.scheduleRender();
    }

    zoomBy(step) {
      const next = Math.min(Math.max(this.zoomIndex + step, 0), ZOOM_STEPS.length - 1);
      if (next === this.zoomIndex) return;
      this.zoomIndex = next;
      this.scheduleRender();
    }

    onKey(event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const keys = {
        ArrowRight: () => this.go(this.pageNumber + 1),
        PageDown: () => this.go(this.pageNumber + 1),
        ArrowLeft: () => this.go(this.pageNumber - 1),
        PageUp: () => this.go(this.pageNumber - 1),
        Home: () => this.go(1),
        End: () => this.go(this.doc ? this.doc.numPages : 1),
        "+": () => this.zoomBy(1),
        "=": () => this.zoomBy(1),
        "-": () => this.zoomBy(-1),
      };
      if (keys[event.key] && this.doc) {
        event.preventDefault();
        keys[event.key]();
      }
    }

    toggleFullscreen() {
      if (document.fullscreenElement === this.root) {
        document.exitFullscreen();
      } else {
        this.root.requestFullscreen?.().catch((error) => console.warn("slide viewer: full screen refused:", error));
      }
    }

    onFullscreenChange() {
      const full = document.fullscreenElement === this.root;
      this.root.classList.toggle("tt-slides--fullscreen", full);
      const button = this.buttons.fullscreen;
      button.setAttribute("aria-label", full ? "Leave full screen" : "Show the slides full screen");
      button.textContent = full ? "Exit full screen" : "Full screen";
      this.scheduleRender();
    }

    scheduleRender() {
      if (!this.doc || this.pendingRender) return;
      this.pendingRender = true;
      requestAnimationFrame(() => {
        this.pendingRender = false;
        this.render().catch((error) => this.showFallback(error));
      });
    }

    async render() {
      const number = this.pageNumber;
      const page = await this.doc.getPage(number);
      const base = page.getViewport({ scale: 1 });
      const fitWidth = Math.max(this.stage.clientWidth - 2, 100) / base.width;
      const fitHeight = Math.max(this.stage.clientHeight - 2, 100) / base.height;
      const fit = this.root.classList.contains("tt-slides--fullscreen") ? Math.min(fitWidth, fitHeight) : fitWidth;
      const zoom = ZOOM_STEPS[this.zoomIndex];
      const viewport = page.getViewport({ scale: fit * zoom });
      const ratio = window.devicePixelRatio || 1; // draw at device pixels, show at CSS pixels: sharp on high-DPI
      this.renderTask?.cancel();
      this.canvas.width = Math.floor(viewport.width * ratio);
      this.canvas.height = Math.floor(viewport.height * ratio);
      this.canvas.style.width = `${Math.floor(viewport.width)}px`;
      this.canvas.style.height = `${Math.floor(viewport.height)}px`;
      const task = page.render({
        canvas: this.canvas,
        canvasContext: this.canvas.getContext("2d"),
        viewport,
        transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0],
      });
      this.renderTask = task;
      this.updateControls(number, zoom);
      try {
        await task.promise;
      } catch (error) {
        if (error?.name === "RenderingCancelledException") return;
        throw error;
      }
      this.root.dataset.renderedPage = String(number);
    }

    updateControls(number, zoom) {
      const count = this.doc.numPages;
      this.pageLabel.textContent = String(number);
      this.zoomLabel.textContent = `${Math.round(zoom * 100)}%`;
      this.canvas.setAttribute("aria-label", `${this.title}: slide ${number} of ${count}`);
      const focused = document.activeElement;
      this.buttons.prev.disabled = number <= 1;
      this.buttons.next.disabled = number >= count;
      this.buttons["zoom-out"].disabled = this.zoomIndex === 0;
      this.buttons["zoom-in"].disabled = this.zoomIndex === ZOOM_STEPS.length - 1;
      if (focused?.disabled && this.root.contains(focused)) this.stage.focus(); // keep the keys working
      [...this.progress.children].forEach((segment, index) => {
        segment.classList.toggle("is-seen", index < number);
        if (index + 1 === number) segment.setAttribute("aria-current", "step");
        else segment.removeAttribute("aria-current");
      });
    }
  }

  function startWhenVisible(viewer) {
    if (!("IntersectionObserver" in window)) {
      viewer.start();
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        viewer.start();
      }
    }, { rootMargin: "200px 0px" });
    observer.observe(viewer.root);
  }

  // The theme's "Back to top" pill floats over the page while the reader scrolls up; on a phone it would sit on
  // the viewer's buttons. While it overlaps a viewer it steps aside (class tt-yields-to-slides, see slides.css).
  function yieldBackToTop(viewers) {
    const pill = document.getElementById("pst-back-to-top");
    if (!pill || viewers.length === 0) return;
    const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    let queued = false;
    const update = () => {
      queued = false;
      const box = pill.getBoundingClientRect();
      const covering = box.width > 0 && viewers.some((root) => overlaps(box, root.getBoundingClientRect()));
      pill.classList.toggle("tt-yields-to-slides", covering);
    };
    const queue = () => {
      if (!queued) requestAnimationFrame(update);
      queued = true;
    };
    window.addEventListener("scroll", queue, { passive: true });
    window.addEventListener("resize", queue);
    new MutationObserver(queue).observe(pill, { attributes: true, attributeFilter: ["style"] });
  }

  const viewerRoots = [...document.querySelectorAll("figure.tt-slides")];
  for (const root of viewerRoots) {
    startWhenVisible(new SlideViewer(root));
  }
  yieldBackToTop(viewerRoots);
})();
