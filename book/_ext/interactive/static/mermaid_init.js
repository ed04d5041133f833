// Draws every <pre class="mermaid"> with the self-hosted mermaid, redrawn when the reader switches light/dark.
// mermaid (~2.7 MB) is fetched only when a diagram comes within NEAR of the viewport, not with the page.
(() => {
  "use strict";

  const MERMAID_URL = new URL("vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  const NEAR = "1200px 0px"; // start loading this far ahead, so the diagram is drawn by the time it is seen
  const sources = new Map();

  // mermaid's colour -> the palette's variable (palette.css): orange borders, pale or slate boxes, readable text
  const PALETTE_VARIABLES = {
    primaryColor: "--tt-accent-muted", primaryBorderColor: "--tt-accent", primaryTextColor: "--tt-text-strong",
    lineColor: "--tt-line", background: "--tt-background",
  };

  // mermaid needs concrete colours: read the palette's values for the current mode at draw time
  function paletteColours() {
    const style = getComputedStyle(document.documentElement);
    return Object.fromEntries(Object.entries(PALETTE_VARIABLES).map(function ([key, variable]) {
      return [key, style.getPropertyValue(variable).trim()];
    }));
  }

  // a concrete font: mermaid measures labels with it, so it must be the one the SVG draws with
  const SANS_SERIF = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif';

  function currentTheme() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  let loading = null;
  function loadMermaid() {
    loading = loading || new Promise(function (resolve, reject) {
      const tag = document.createElement("script");
      tag.src = MERMAID_URL;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + MERMAID_URL + ": the diagrams stay as text")); };
      document.head.append(tag);
    });
    return loading;
  }

  async function drawAll() {
    const blocks = Array.from(document.querySelectorAll("pre.mermaid"));
    for (const block of blocks) {
      if (!sources.has(block)) sources.set(block, block.textContent);
      block.removeAttribute("data-processed");
      block.textContent = sources.get(block);
    }
    mermaid.initialize({
      startOnLoad: false, securityLevel: "strict", theme: "base",
      themeVariables: { ...paletteColours(), fontFamily: SANS_SERIF },
    });
    await mermaid.run({ nodes: blocks });
  }

  let drawnTheme = null; // null until mermaid has drawn once
  function redrawIfThemeChanged() {
    if (drawnTheme === null || currentTheme() === drawnTheme) return;
    drawnTheme = currentTheme();
    drawAll();
  }

  function drawWhenNear(diagrams) {
    const watcher = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      watcher.disconnect();
      loadMermaid().then(function () {
        drawnTheme = currentTheme();
        return drawAll();
      }).catch(function (error) { console.error(error.message); });
    }, { rootMargin: NEAR });
    diagrams.forEach(function (diagram) { watcher.observe(diagram); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const diagrams = document.querySelectorAll(".mermaid-diagram");
    if (diagrams.length === 0) return;
    drawWhenNear(diagrams);
    new MutationObserver(redrawIfThemeChanged).observe(document.documentElement, {
      attributes: true, attributeFilter: ["data-theme"],
    });
  });
})();
