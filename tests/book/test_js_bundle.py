"""Deferred head scripts joined into few files (js_bundle.py): what may share a file, in what order, and the chapter."""

import re
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from interactive.js_bundle import BUNDLE_PREFIX, bundle_page, is_strict

CHAPTER = "book/02_activations.html"


def site(tmp_path, scripts: dict, head: str) -> Path:
    for name, text in scripts.items():
        (tmp_path / "_static" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "_static" / name).write_text(text)
    (tmp_path / "book").mkdir(exist_ok=True)
    page = tmp_path / "book" / "page.html"
    page.write_text(f"<html><head>\n{head}</head><body><p>text</p></body></html>\n")
    return page


def tag(name, extra=""):
    return f'    <script defer="defer" src="../_static/{name}?v=1"{extra}></script>\n'


def script_tags(page: Path) -> list[str]:
    return re.findall(r"<script\b[^>]*>", page.read_text())


def bundle_of(page: Path, tmp_path: Path, tag_text: str) -> str:
    src = re.search(r'src="\.\./_static/([^"?]+)', tag_text).group(1)
    return (tmp_path / "_static" / src).read_text()


@pytest.mark.parametrize("text, strict", [
    ('"use strict";\nvar a;', True),
    ("/* licence */\n// note\n'use strict'\nvar a;", True),
    ('"use asm";\n"use strict";\nvar a;', True),
    ('(() => {\n  "use strict";\n})();', False),
    ('var a = "use strict";', False),
    ("\n" * 5000 + "var a;", False),
])
def test_strict_mode_is_read_from_the_directive_prologue(text, strict):
    assert is_strict(text) is strict


def test_a_run_of_deferred_scripts_becomes_one_file_in_their_order(tmp_path):
    page = site(tmp_path, {"a.js": "var first = 1;\n//# sourceMappingURL=a.js.map", "b.js": "var second = first + 1;"},
                '<script>let early = 0;</script>\n' + tag("a.js") + "<script>var inline = 1;</script>\n" + tag("b.js"))
    written = set()
    assert bundle_page(page, tmp_path, written)
    tags = script_tags(page)
    assert tags[0] == "<script>" and tags[2] == "<script>"  # inline classic scripts stay where they were
    joined = [t for t in tags if BUNDLE_PREFIX in t]
    assert len(joined) == 1 and 'data-bundled="../_static/a.js?v=1 ../_static/b.js?v=1"' in joined[0]
    text = bundle_of(page, tmp_path, joined[0])
    assert text.index("var first") < text.index("var second")
    assert "sourceMappingURL" not in text and not is_strict(text)
    assert written == {re.search(r"(page-scripts-\w+\.js)", joined[0]).group(1)}


def test_module_scripts_and_foreign_scripts_end_a_run(tmp_path):
    scripts = {name: f"var {name[0]} = 1;" for name in ("a.js", "b.js", "c.js", "d.js", "e.js")}
    head = (tag("a.js") + tag("b.js") + '<script type="module">var m = a;</script>\n' + tag("c.js") + tag("d.js")
            + '<script defer="defer" src="https://cdn.example/x.js"></script>\n' + tag("e.js"))
    page = site(tmp_path, scripts, head)
    bundle_page(page, tmp_path, set())
    order = []
    for found in script_tags(page):
        names = re.search(r'data-bundled="([^"]*)"', found) or re.search(r'src="([^"]*)"', found)
        if names:
            order.append(names.group(1))
    assert order == ["../_static/a.js?v=1 ../_static/b.js?v=1", "../_static/c.js?v=1 ../_static/d.js?v=1",
                     "https://cdn.example/x.js", "../_static/e.js?v=1"]
    assert '<script type="module">var m = a;</script>' in page.read_text()


def test_strict_and_sloppy_scripts_never_share_a_file(tmp_path):
    scripts = {"s1.js": '"use strict";\nvar s1;', "s2.js": '"use strict";\nvar s2;', "a.js": "var a;", "b.js": "var b;"}
    page = site(tmp_path, scripts, tag("s1.js") + tag("s2.js") + tag("a.js") + tag("b.js"))
    bundle_page(page, tmp_path, set())
    joined = [t for t in script_tags(page) if BUNDLE_PREFIX in t]
    assert len(joined) == 2
    strict, sloppy = (bundle_of(page, tmp_path, t) for t in joined)
    assert strict.startswith('"use strict";') and "var s2" in strict and "var a" not in strict
    assert not is_strict(sloppy) and "var b" in sloppy


def test_data_attributes_travel_with_the_file_and_a_clash_splits_it(tmp_path):
    scripts = {"a.js": "var a = document.currentScript.dataset.x;", "b.js": "var b;", "c.js": "var c;"}
    head = tag("a.js", ' data-x="1"') + tag("b.js") + tag("c.js", ' data-x="2"')
    page = site(tmp_path, scripts, head)
    bundle_page(page, tmp_path, set())
    tags = script_tags(page)
    assert len(tags) == 2
    assert 'data-x="1"' in tags[0] and "data-bundled" in tags[0]
    assert tags[1] == '<script defer="defer" src="../_static/c.js?v=1" data-x="2">'


def test_a_script_resolving_urls_against_its_own_src_keeps_its_directory(tmp_path):
    scripts = {"a.js": "var a;", "sub/b.js": "var u = new URL('x', document.currentScript.src);", "c.js": "var c;"}
    page = site(tmp_path, scripts, tag("a.js") + tag("sub/b.js") + tag("c.js"))
    assert not bundle_page(page, tmp_path, set())


def test_scripts_that_cannot_compile_as_one_are_refused_by_name(tmp_path):
    page = site(tmp_path, {"a.js": "const shared = 1;", "b.js": "const shared = 2;"}, tag("a.js") + tag("b.js"))
    with pytest.raises(ExtensionError, match=r"a\.js\?v=1, \.\./_static/b\.js\?v=1 do not compile as one script"):
        bundle_page(page, tmp_path, set())


def test_a_later_build_joins_the_changed_sources_again(tmp_path):
    page = site(tmp_path, {"a.js": "var a = 1;", "b.js": "var b = 1;"}, tag("a.js") + tag("b.js"))
    bundle_page(page, tmp_path, set())
    before = script_tags(page)[0]
    (tmp_path / "_static" / "b.js").write_text("var b = 2;")
    assert bundle_page(page, tmp_path, set())  # the page itself was not rewritten: its joined tag is read back
    after = script_tags(page)
    assert len(after) == 1 and after[0] != before and "var b = 2;" in bundle_of(page, tmp_path, after[0])


def test_the_chapter_names_few_scripts_and_its_files_hold_every_source_once(site_dir):
    html = (site_dir / CHAPTER).read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    external = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)
    assert len(external) <= 4, external
    joined = [t for t in external if BUNDLE_PREFIX in t]
    assert joined
    for joined_tag in joined:
        text = bundle_of(site_dir / CHAPTER, site_dir, joined_tag)
        sources = re.search(r'data-bundled="([^"]*)"', joined_tag).group(1).split()
        at = 0
        for src in sources:
            path = (site_dir / "book" / src.split("?")[0]).resolve()
            marker = f"/* {path.relative_to(site_dir.resolve()).as_posix()} */\n"
            assert text.count(marker) == 1
            assert text.index(marker) >= at, f"{src} is out of order"
            at = text.index(marker)
    # the runtime's settings reach runtime.js through the joined tag
    assert any("data-config=" in t and "runtime.js" in t for t in joined)


def test_a_joined_tag_whose_sources_no_longer_fit_together_asks_for_a_clean_build(tmp_path):
    page = site(tmp_path, {"a.js": "var a;", "b.js": "var b;"}, tag("a.js") + tag("b.js"))
    bundle_page(page, tmp_path, set())
    (tmp_path / "_static" / "b.js").write_text('"use strict";\nvar b;')  # and the page was not rewritten
    with pytest.raises(ExtensionError, match="build from scratch"):
        bundle_page(page, tmp_path, set())
