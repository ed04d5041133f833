// Draws every <pre class="mermaid"> with the self-hosted mermaid, redrawn when the reader switches light/dark.
(function () {
  "use strict";
  const sources = new Map();

  function currentTheme() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "default";
  }

  async function drawAll() {
    const blocks = Array.from(document.querySelectorAll("pre.mermaid"));
    for (const block of blocks) {
      if (!sources.has(block)) sources.set(block, block.textContent);
      block.removeAttribute("data-processed");
      block.textContent = sources.get(block);
    }
    mermaid.initialize({ startOnLoad: false, theme: currentTheme(), securityLevel: "strict" });
    await mermaid.run({ nodes: blocks });
  }

  let drawnTheme = null;
  function redrawIfThemeChanged() {
    if (currentTheme() === drawnTheme) return;
    drawnTheme = currentTheme();
    drawAll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    redrawIfThemeChanged();
    new MutationObserver(redrawIfThemeChanged).observe(document.documentElement, {
      attributes: true, attributeFilter: ["data-theme"],
    });
  });
})();
