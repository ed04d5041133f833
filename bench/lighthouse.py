"""Lighthouse on the chapter, beside a stock Jupyter Book 1 page of the same chapter built in the same run.

Lighthouse (pinned in package-lock.json) runs with Node against Debian's chromium (CHROME_PATH), in its
mobile (default) and desktop presets, N times each (median reported), on pages served by the project's
own server (book/serve_site.py) on 127.0.0.1. Printed, never asserted. Targets (issue 11):
mobile performance >= 90, desktop >= 98, accessibility / best practices / SEO 100, bytes before
interaction <= 1 MB, nothing Python-related fetched before the largest contentful paint.

The stock page is a temporary Jupyter Book project with the chapter's prose, math and code blocks and
Jupyter Book's default configuration, except that MathJax comes from the site's own copy (this machine
is offline, and a CDN request would fail rather than measure anything); the interactive extension's
directives and roles are stripped, code cells become plain code blocks and glued numbers their names.

    .venv/bin/python bench/lighthouse.py [--site _build/html] [--baseline OTHER_BUILD] [--runs 3]
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_SOURCE = ROOT / "book" / "02_activations.md"
CHAPTER_PAGE = "book/02_activations.html"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
SERVER = ROOT / "book" / "serve_site.py"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("mobile", "desktop")
ATTEMPTS = 3  # a run whose report has no score for a category (a Lighthouse error) is run again, this often
# Directives of the local extension (book/_ext/interactive): a stock build does not know them.
OUR_DIRECTIVES = ("activation-exercise", "exercise-progress", "audio-overview", "slide-viewer", "mermaid")
PYTHON_RELATED = re.compile(r"/_static/pyodide/|worker\.js|output_cap\.js|cell_runner\.py|\.whl$")


# ---------------------------------------------------------------- the stock page

def stock_chapter_text(source: str) -> str:
    """The chapter as stock Jupyter Book can build it: our directives gone, code cells as code blocks."""
    lines = source.splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^(`{3,}|:{3,})\{([\w-]+)\}\s*(.*)$", line)
        if fence and fence.group(2) in OUR_DIRECTIVES + ("code-cell", "literalinclude"):
            marker, name, argument = fence.groups()
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == marker)
            body = lines[i + 1:end]
            options = [b for b in body if b.startswith(":")]
            content = [b for b in body if not b.startswith(":")]
            if name == "code-cell" and not any("remove-cell" in o or "remove-input" in o for o in options):
                out += ["```python", *_strip_leading_blank(content), "```"]
            elif name == "literalinclude":  # the same listing, caption and label, its code inlined
                kept = [o for o in options if o.startswith((":caption:", ":name:"))]
                out += ["```{code-block} python", *kept, "",
                        *_python_object(CHAPTER_SOURCE.parent / argument, options), "```"]
            i = end + 1
            continue
        out.append(line)
        i += 1
    text = "\n".join(out) + "\n"
    text = re.sub(r"^(:{3,})\{container\}\n(?::[^\n]*\n)*\s*\1\n", "", text, flags=re.M)  # emptied by the strip
    text = re.sub(r"\{glue:(?:text|md)\}`([^`:]+)[^`]*`", r"\1", text)  # a glued number becomes its name
    text = re.sub(r"\{source\}`([^`]+)`", r"`\1`", text)
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # no kernelspec: a plain Markdown page


def _strip_leading_blank(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    return lines


def _python_object(path: Path, options) -> list[str]:
    """The source of `:pyobject:` (Class or Class.method) in path, as literalinclude shows it."""
    import ast
    import textwrap

    name = next((o.split(":", 2)[2].strip() for o in options if o.startswith(":pyobject:")), None)
    source = path.read_text()
    if name is None:
        return source.splitlines()
    tree = ast.parse(source)
    for part in name.split("."):
        tree = next(n for n in ast.walk(tree) if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == part)
    segment = "\n".join(source.splitlines()[tree.lineno - 1 - len(tree.decorator_list):tree.end_lineno])
    return textwrap.dedent(segment).splitlines()


def build_stock_page(workdir: Path) -> Path:
    """Build the stock Jupyter Book project in workdir; return its _build/html."""
    project = workdir / "stock"
    # not in a folder named _static: Jupyter Book 1 adds every .js and .css it finds there to each page
    shutil.copytree(ROOT / "node_modules" / "mathjax" / "es5", project / "mathjax_files" / "vendor" / "mathjax")
    (project / "02_activations.md").write_text(stock_chapter_text(CHAPTER_SOURCE.read_text()))
    (project / "_toc.yml").write_text("format: jb-book\nroot: 02_activations\n")
    (project / "_config.yml").write_text(
        'title: "TinyTorch · Module 02: Activations"\n'
        "sphinx:\n  config:\n    html_static_path: [mathjax_files]\n"
        "    mathjax_path: vendor/mathjax/tex-chtml.js\n"
    )
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "build", str(project), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    return project / "_build" / "html"


# ---------------------------------------------------------------- serving and Lighthouse

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(site: Path, server_script: Path):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(server_script), str(site), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:  # ready when it answers
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server for {site} did not start")
            time.sleep(0.2)


def run_lighthouse(url: str, preset: str, out: Path) -> dict:
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url} ({preset}): {done.stderr.strip()[-2000:]}")
    return json.loads(out.read_text())


def figures(report: dict) -> dict:
    """The numbers this bench reports from one Lighthouse JSON report."""
    audits = report["audits"]
    result = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    for key, audit in (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                       ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"),
                       ("bytes", "total-byte-weight"), ("DOM", "dom-size")):
        result[key] = audits[audit]["numericValue"]
    observed_lcp = audits["metrics"]["details"]["items"][0]["observedLargestContentfulPaint"]
    requests = audits["network-requests"]["details"]["items"]
    early = [r for r in requests if PYTHON_RELATED.search(r["url"])
             and r.get("networkRequestTime") is not None and r["networkRequestTime"] < observed_lcp]
    result["py<LCP"] = sum(r.get("transferSize", 0) for r in early)
    result["py"] = sum(r.get("transferSize", 0) for r in requests if PYTHON_RELATED.search(r["url"]))
    result["requests"] = len(requests)
    return result


def failed_audits(report: dict) -> list[str]:
    """Non-performance audits that lost points (what keeps a category below 100)."""
    names = []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                names.append(f"{category}:{ref['id']}")
    return names


COLUMNS = (("performance", "perf", "{:.0f}"), ("accessibility", "a11y", "{:.0f}"),
           ("best-practices", "bp", "{:.0f}"), ("seo", "seo", "{:.0f}"),
           ("FCP", "FCP ms", "{:.0f}"), ("LCP", "LCP ms", "{:.0f}"), ("TBT", "TBT ms", "{:.0f}"),
           ("CLS", "CLS", "{:.3f}"), ("bytes", "KB", "{:.0f}"), ("py<LCP", "py<LCP KB", "{:.0f}"),
           ("py", "py KB", "{:.0f}"), ("DOM", "DOM", "{:.0f}"), ("requests", "reqs", "{:.0f}"))


def cell(key: str, fmt: str, value: float) -> str:
    return fmt.format(value / 1024 if key in ("bytes", "py<LCP", "py") else value)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--label", default="ours", help="name for --site's rows")
    parser.add_argument("--baseline", type=Path, help="another build to measure in the same run (e.g. main's)")
    parser.add_argument("--baseline-server", type=Path, default=SERVER, help="the server script for --baseline")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", default="chapter,prefetch=0,stock",
                        help="comma-separated: chapter, prefetch=0, stock")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make setup` (npm ci)")
    sites = [(args.label, args.site, SERVER)]
    if args.baseline:
        sites.insert(0, ("before", args.baseline, args.baseline_server))
    for _, site, _ in sites:
        if not (site / CHAPTER_PAGE).exists():
            raise SystemExit(f"{site / CHAPTER_PAGE} not found: run `make book` first")
    variants = args.variants.split(",")
    servers = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        tmp = Path(tmp)
        pages = {}
        try:
            for label, site, server in sites:
                if label == "before":  # the baseline as a reader gets it by default
                    process, base = start_server(site, server)
                    servers.append(process)
                    pages[label] = f"{base}/{CHAPTER_PAGE}"
                elif "chapter" in variants or "prefetch=0" in variants:
                    process, base = start_server(site, server)
                    servers.append(process)
                    if "chapter" in variants:
                        pages[label] = f"{base}/{CHAPTER_PAGE}"
                    if "prefetch=0" in variants:
                        pages[f"{label} ?prefetch=0"] = f"{base}/{CHAPTER_PAGE}?prefetch=0"
            if "stock" in variants:
                process, base = start_server(build_stock_page(tmp), SERVER)
                servers.append(process)
                pages["stock Jupyter Book 1"] = f"{base}/02_activations.html"
            rows, notes = [], {}
            for preset in PRESETS:
                runs = {name: [] for name in pages}
                for n in range(args.runs):  # round-robin, so load on the machine hits every page alike
                    for name, url in pages.items():
                        for attempt in range(1, ATTEMPTS + 1):
                            report = run_lighthouse(url, preset, tmp / f"report-{preset}-{n}-{attempt}.json")
                            unscored = [c for c in CATEGORIES if report["categories"][c]["score"] is None]
                            if not unscored:
                                break
                            print(f"[{preset}] {name}: Lighthouse gave no {', '.join(unscored)} score "
                                  f"({report.get('runtimeError', {}).get('message', 'an audit failed')}); "
                                  f"{'running it again' if attempt < ATTEMPTS else 'giving up'}", flush=True)
                        else:
                            raise SystemExit(f"Lighthouse scored no {', '.join(unscored)} for {url} in {ATTEMPTS} tries")
                        runs[name].append(figures(report))
                        notes.setdefault(name, set()).update(failed_audits(report))
                for name, measured in runs.items():
                    median = {key: statistics.median(r[key] for r in measured) for key in measured[0]}
                    rows.append((preset, name, median))
                    print(f"[{preset}] {name}: " + ", ".join(f"{label} {cell(k, f, median[k])}" for k, label, f in COLUMNS),
                          flush=True)
        finally:
            for process in servers:
                process.terminate()
                process.wait()
    print(f"Lighthouse {json.loads((LIGHTHOUSE.parents[1] / 'package.json').read_text())['version']}, "
          f"Chromium {subprocess.run(['chromium', '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"median of {args.runs} runs per row")
    header = ["preset", "page"] + [label for _, label, _ in COLUMNS]
    table = [header] + [[preset, name] + [cell(k, f, m[k]) for k, _, f in COLUMNS] for preset, name, m in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        print("  ".join(v.ljust(w) if i < 2 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths))))
    stock = {preset: m for preset, name, m in rows if name.startswith("stock")}
    for preset, name, m in rows:
        if preset in stock and not name.startswith("stock"):
            s = stock[preset]
            print(f"{preset} {name} / stock: bytes {m['bytes'] / s['bytes']:.2f}x, "
                  f"LCP {m['LCP'] / s['LCP']:.2f}x, TBT {m['TBT'] / max(s['TBT'], 1):.2f}x, DOM {m['DOM'] / s['DOM']:.2f}x")
    for name, audits in notes.items():
        print(f"{name}: audits below 100 outside performance: {', '.join(sorted(audits)) or 'none'}")


if __name__ == "__main__":
    main()
