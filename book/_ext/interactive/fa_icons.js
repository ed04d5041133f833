// The Font Awesome Free icons a built page names, read from the pinned npm icon packages.
// stdin: JSON [[style, name], ...] with style "solid" or "brands"; stdout: JSON {"style name": [width, height, path]}.
// An unknown style or icon stops with exit code 1 and a message naming it.
"use strict";

const packs = {
  solid: require("@fortawesome/free-solid-svg-icons"),
  brands: require("@fortawesome/free-brands-svg-icons"),
};

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const found = {};
  for (const [style, name] of JSON.parse(input)) {
    const pack = packs[style];
    // fa-file-pdf -> faFilePdf
    const key = "fa" + name.replace(/(^|-)([a-z0-9])/g, (_, dash, c) => c.toUpperCase());
    const definition = pack && pack[key];
    if (!definition) {
      process.stderr.write(`No Font Awesome Free icon "${name}" in the ${style} style.\n`);
      process.exit(1);
    }
    const [width, height, , , path] = definition.icon;
    found[`${style} ${name}`] = [width, height, Array.isArray(path) ? path.join(" ") : path];
  }
  process.stdout.write(JSON.stringify(found));
});
