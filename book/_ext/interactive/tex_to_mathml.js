// Turn TeX into MathML at build time with MathJax 3's TeX parser (npm mathjax-full); the browser draws the MathML
// itself (MathML Core), so a page carries one compact <math> element per formula and no typesetting script.
// The output keeps to what MathML Core renders: MathJax's private data-mjx-* attributes are dropped, a
// mathvariant other than "normal" becomes the Unicode mathematical letters it stands for, and a table's
// column alignment becomes a style on its cells.
// stdin: JSON [{tex, display}, ...] (one page); stdout: JSON {html: [string, ...]}.
// A TeX error, or markup this script cannot express in MathML Core, stops with exit code 1 and names the formula.
"use strict";

const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
const { SerializedMmlVisitor } = require("mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js");
const { STATE } = require("mathjax-full/js/core/MathItem.js");

// bussproofs lays proofs out with an output jax's measurements, which a MathML-only conversion has none of
const PACKAGES = AllPackages.filter((name) => name !== "bussproofs");

// First code point of each styled alphabet (A, a, 0, Greek Alpha, Greek alpha) in Unicode's Mathematical
// Alphanumeric Symbols, and the letters that live elsewhere (Letterlike Symbols) because Unicode had them first.
const ALPHABETS = {
  italic: { upper: 0x1d434, lower: 0x1d44e, greekUpper: 0x1d6e2, greekLower: 0x1d6fc },
  bold: { upper: 0x1d400, lower: 0x1d41a, digit: 0x1d7ce, greekUpper: 0x1d6a8, greekLower: 0x1d6c2 },
  "bold-italic": { upper: 0x1d468, lower: 0x1d482, greekUpper: 0x1d71c, greekLower: 0x1d736 },
  script: { upper: 0x1d49c, lower: 0x1d4b6 },
  fraktur: { upper: 0x1d504, lower: 0x1d51e },
  "double-struck": { upper: 0x1d538, lower: 0x1d552, digit: 0x1d7d8 },
  "sans-serif": { upper: 0x1d5a0, lower: 0x1d5ba, digit: 0x1d7e2 },
  monospace: { upper: 0x1d670, lower: 0x1d68a, digit: 0x1d7f6 },
};
const ELSEWHERE = {
  italic: { h: 0x210e },
  script: { B: 0x212c, E: 0x2130, F: 0x2131, H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b,
    e: 0x212f, g: 0x210a, o: 0x2134 },
  fraktur: { C: 0x212d, H: 0x210c, I: 0x2111, R: 0x211c, Z: 0x2128 },
  "double-struck": { C: 0x2102, H: 0x210d, N: 0x2115, P: 0x2119, Q: 0x211a, R: 0x211d, Z: 0x2124 },
};
const RANGES = [["A", "Z", "upper"], ["a", "z", "lower"], ["0", "9", "digit"], ["\u0391", "\u03a9", "greekUpper"],
  ["\u03b1", "\u03c9", "greekLower"]];

function styled(text, variant, source) {
  const alphabet = ALPHABETS[variant];
  if (!alphabet) fail(source, `mathvariant="${variant}" is not drawn by browsers' MathML; use another command`);
  return [...text].map((char) => {
    const known = (ELSEWHERE[variant] || {})[char];
    if (known) return String.fromCodePoint(known);
    for (const [first, last, kind] of RANGES) {
      if (char >= first && char <= last && alphabet[kind]) {
        return String.fromCodePoint(alphabet[kind] + char.codePointAt(0) - first.codePointAt(0));
      }
    }
    return char;
  }).join("");
}

const decode = (text) => text.replace(/&#x([0-9A-F]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
  .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
const encode = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function forMathMLCore(mathml, source) {
  let out = mathml.replace(/>\s+</g, "><")
    // TeX puts no space between an operator name and an opening bracket (\max(0, x)); the browser's operator
    // dictionary would, so the operator says so
    .replace(/<mo([^>]*) data-mjx-texclass="OP"([^>]*)>([^<]*)<\/mo>(?=<mo[^>]*>[([])/g, '<mo$1$2 rspace="0">$3</mo>')
    .replace(/ data-mjx-[a-z-]+="[^"]*"/g, "");
  out = out.replace(/<(mi|mn|mo|mtext)([^>]*) mathvariant="([^"]+)"([^>]*)>([^<]*)</g, (whole, tag, before, variant, after, text) => {
    if (variant === "normal") return tag === "mi" ? whole : `<${tag}${before}${after}>${text}<`;
    return `<${tag}${before}${after}${tag === "mi" ? ' mathvariant="normal"' : ""}>${encode(styled(decode(text), variant, source))}<`;
  });
  if (/mathvariant="(?!normal")/.test(out)) fail(source, "a mathvariant other than normal spans more than one token");
  return out.replace(/<mtable([^>]*) columnalign="([^"]+)"([^>]*)>([\s\S]*?)<\/mtable>/g, (_, before, aligns, after, body) => {
    const columns = aligns.split(/\s+/);
    const rows = body.replace(/<mtr>([\s\S]*?)<\/mtr>/g, (_, cells) => {
      let index = 0;
      const aligned = cells.replace(/<mtd(?=[ >])/g, () => {
        const align = columns[Math.min(index++, columns.length - 1)];
        return align === "center" ? "<mtd" : `<mtd style="text-align: ${align}"`;
      });
      return `<mtr>${aligned}</mtr>`;
    });
    return `<mtable${before}${after}>${rows}</mtable>`;
  });
}

function fail(source, message) {
  process.stderr.write(`TeX error in ${JSON.stringify(source)}: ${message}\n`);
  process.exit(1);
}

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const tex = new TeX({ packages: PACKAGES, formatError: (jax, error) => { throw error; } });
  const doc = mathjax.document("", { InputJax: tex });
  const serializer = new SerializedMmlVisitor();
  const html = formulas.map(({ tex: source, display }) => {
    let tree;
    try {
      tree = doc.convert(source, { display, end: STATE.CONVERT });
    } catch (error) {
      fail(source, error.message);
    }
    return forMathMLCore(serializer.visitTree(tree, doc), source);
  });
  process.stdout.write(JSON.stringify({ html }));
});
