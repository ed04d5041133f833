// Draws every <pre class="mermaid"> with the self-hosted mermaid, redrawn when the reader switches light/dark.
(function () {
  "use strict";
  const sources = new Map();

  // TinyTorch's colours: orange borders, slate or white boxes, readable text in both modes
  const PALETTES = {
    light: { primaryColor: "#fff7ed", primaryBorderColor: "#f97316", primaryTextColor: "#0f172a",
             lineColor: "#475569", background: "#ffffff" },
    dark: { primaryColor: "#1e293b", primaryBorderColor: "#f97316", primaryTextColor: "#e2e8f0",
            lineColor: "#94a3b8", background: "#0f172a" },
  };

  // a concrete font: mermaid measures labels with it, so it must be the one the SVG draws with
  const SANS_SERIF = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif';

  function currentTheme() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
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
      themeVariables: { ...PALETTES[currentTheme()], fontFamily: SANS_SERIF },
    });
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
