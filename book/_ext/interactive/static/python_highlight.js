// A small Python syntax highlighter for the cell editor: source text in, HTML with Pygments' class names out,
// so the theme's own code colours (light and dark) apply to the editor as they do to the static listings.
"use strict";

window.highlightPython = (() => {
  const KEYWORDS = new Set(("and as assert async await break class continue def del elif else except finally " +
    "for from global if import in is lambda nonlocal not or pass raise return try while with yield match case").split(" "));
  const CONSTANTS = new Set(["True", "False", "None"]);
  const BUILTINS = new Set(("abs all any bool dict divmod enumerate filter float format getattr hasattr int " +
    "isinstance len list map max min object open print range repr reversed round set sorted str sum super " +
    "tuple type zip Exception ValueError TypeError IndexError KeyError RuntimeError").split(" "));
  const TOKEN = new RegExp([
    "(#[^\\n]*)", // 1 comment
    "((?:[rRbBfFuU]{1,2})?(?:\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)|\"(?:\\\\.|[^\"\\\\\\n])*\"?|'(?:\\\\.|[^'\\\\\\n])*'?))", // 2 string
    "(\\b(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|(?:\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)(?:[eE][+-]?\\d+)?j?)\\b)", // 3 number
    "(@[A-Za-z_][\\w.]*)", // 4 decorator
    "([A-Za-z_]\\w*)", // 5 name
    "([-+*/%=<>!&|^~]+|[()[\\]{}:,;.])", // 6 operator or punctuation
  ].join("|"), "g");

  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const span = (cls, text) => `<span class="${cls}">${escape(text)}</span>`;

  function nameClass(name, previous) {
    if (KEYWORDS.has(name)) return name === "import" || name === "from" ? "kn" : (name === "in" || name === "is" || name === "and" || name === "or" || name === "not" ? "ow" : "k");
    if (CONSTANTS.has(name)) return "kc";
    if (previous === "def") return "nf";
    if (previous === "class") return "nc";
    if (BUILTINS.has(name)) return "nb";
    return "n";
  }

  return function highlightPython(source) {
    let html = "";
    let last = 0;
    let previousName = "";
    TOKEN.lastIndex = 0;
    for (let match = TOKEN.exec(source); match !== null; match = TOKEN.exec(source)) {
      html += escape(source.slice(last, match.index));
      const [text, comment, string, number, decorator, name, operator] = match;
      if (comment) html += span("c1", text);
      else if (string) html += span(/^[rRbBfFuU]*("""|''')/.test(text) ? "sd" : "s2", text);
      else if (number) html += span(/[.eEj]/.test(text) ? "mf" : "mi", text);
      else if (decorator) html += span("nd", text);
      else if (name) {
        html += span(nameClass(name, previousName), text);
        previousName = name;
      } else if (operator) html += span(/^[-+*/%=<>!&|^~]+$/.test(text) ? "o" : "p", text);
      if (!name && text.trim()) previousName = "";
      last = match.index + text.length;
      if (text.length === 0) TOKEN.lastIndex += 1;
    }
    // a trailing newline needs a character after it, or the overlay's last line collapses
    return html + escape(source.slice(last)) + "\n";
  };
})();
