"""The deck's text source, parsed: slides separated by `---`, one kind of block per line prefix.

    layout: title        a dark title slide (default: content slide)
    # Title              the slide's title
    ## Subtitle          a line under the title (title slides)
    - text               a bullet
    | a | b |            a table row (the first row is the header)
    > text               a callout
    ```                  opens / closes a code block
    figure: name         a figure drawn by deck_figures.py, shown on the right
    source: Class.method a code block: that tinytorch method's body, read with inspect, without comments
    note: text           a footnote in small type

`{name}` or `{name:spec}` anywhere is replaced by a fact from build/facts.json (see chapter_facts.py).
"""

import inspect
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import tinytorch

DECK_SOURCE = Path(__file__).with_name("02_activations.md")


@dataclass
class Slide:
    """One slide: its title, the blocks of its body in order, and an optional figure and note."""

    title: str = ""
    layout: str = "content"
    subtitle: str = ""
    blocks: list = field(default_factory=list)  # ("bullet", str) | ("table", rows) | ("callout", str) | ("code", lines)
    figure: str = ""
    note: str = ""

    def texts(self) -> list[str]:
        """Every string the slide shows, in reading order (what a PDF text extraction must find)."""
        found = [self.title, self.subtitle]
        for kind, value in self.blocks:
            if kind == "table":
                found += [cell for row in value for cell in row]
            elif kind == "code":
                found += value
            else:
                found.append(value)
        return [text for text in found + [self.note] if text]


def fill(text: str, facts: dict, where: str) -> str:
    """`text` with every {name} replaced by its fact, or a KeyError naming the slide line."""
    try:
        return text.format_map(facts)
    except KeyError as missing:
        raise KeyError(f"{where}: no fact named {missing} (see slides/chapter_facts.py)") from None


def method_body(qualified: str) -> list[str]:
    """The body of a tinytorch method such as 'Sigmoid.forward', read from the code itself, never copied."""
    owner, method = qualified.split(".")
    lines = textwrap.dedent(inspect.getsource(getattr(getattr(tinytorch, owner), method))).splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith(":")) + 1  # after the signature
    body = textwrap.dedent("\n".join(lines[start:])).splitlines()
    code = [line.split("  #")[0].rstrip() for line in body if line.strip() and not line.lstrip().startswith("#")]
    return [f"# source: {qualified}", *code]


def parse_slide(chunk: str, facts: dict, number: int) -> Slide:
    """One slide from its source lines."""
    slide, code = Slide(), None
    for line_no, raw in enumerate(chunk.strip("\n").splitlines(), 1):
        where = f"slide {number}, line {line_no}"
        if raw.strip() == "```":
            if code is None:
                code = []
            else:
                slide.blocks.append(("code", code))
                code = None
            continue
        if code is not None:
            code.append(raw)
            continue
        line = fill(raw.strip(), facts, where)
        if not line:
            continue
        if line.startswith("layout:"):
            slide.layout = line.split(":", 1)[1].strip()
        elif line.startswith("## "):
            slide.subtitle = line[3:].strip()
        elif line.startswith("# "):
            slide.title = line[2:].strip()
        elif line.startswith("- "):
            slide.blocks.append(("bullet", line[2:].strip()))
        elif line.startswith("|"):
            row = [cell.strip() for cell in line.strip("|").split("|")]
            if slide.blocks and slide.blocks[-1][0] == "table":
                slide.blocks[-1][1].append(row)
            else:
                slide.blocks.append(("table", [row]))
        elif line.startswith("> "):
            slide.blocks.append(("callout", line[2:].strip()))
        elif line.startswith("source:"):
            slide.blocks.append(("code", method_body(line.split(":", 1)[1].strip())))
        elif line.startswith("figure:"):
            slide.figure = line.split(":", 1)[1].strip()
        elif line.startswith("note:"):
            slide.note = line.split(":", 1)[1].strip()
        else:
            raise ValueError(f"{where}: cannot read {raw!r} (see the format in slides/deck_source.py)")
    if code is not None:
        raise ValueError(f"slide {number}: a code block is never closed")
    if not slide.title:
        raise ValueError(f"slide {number}: no '# Title' line")
    return slide


def read_deck(facts: dict, source: Path = DECK_SOURCE) -> list[Slide]:
    """All slides of the deck, facts filled in."""
    chunks = source.read_text(encoding="utf-8").split("\n---\n")
    return [parse_slide(chunk, facts, number) for number, chunk in enumerate(chunks, 1)]
