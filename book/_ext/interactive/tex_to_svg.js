// Typeset TeX at build time with MathJax 3 (npm mathjax-full): SVG drawn in currentColor (so it follows the
// light or dark theme) plus assistive MathML that screen readers read and copy takes. Glyph outlines are
// drawn once per page: every formula's <use> points into one hidden <svg> of paths ("glyphs").
// stdin: JSON [{tex, display}, ...] (one page); stdout: JSON {styles: css, glyphs: svg, html: [string, ...]}.
// A TeX error stops with exit code 1 and a message naming the formula.
"use strict";

const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const tex = new TeX({
    packages: AllPackages,
    formatError: (jax, error) => { throw error; },
  });
  const svg = new SVG({ fontCache: "global" });
  const doc = mathjax.document("", { InputJax: tex, OutputJax: svg });
  const html = formulas.map(({ tex: source, display }) => {
    try {
      return adaptor.outerHTML(doc.convert(source, { display, em: 16, ex: 8, containerWidth: 1280 }));
    } catch (error) {
      process.stderr.write(`TeX error in ${JSON.stringify(source)}: ${error.message}\n`);
      process.exit(1);
    }
  });
  const styles = adaptor.textContent(svg.styleSheet(doc));
  const glyphs = adaptor.outerHTML(svg.pageElements(doc));
  process.stdout.write(JSON.stringify({ styles, glyphs, html }));
});
