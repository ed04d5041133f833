"""Draw the deck as a 16:9 PDF with reportlab: `python slides/build_deck.py FACTS.json OUT.pdf`."""

import json
import sys
from pathlib import Path

import matplotlib
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from deck_figures import draw_figure  # beside this script, so on its path when run
from deck_source import Slide, read_deck

rl_config.invariant = 1  # fixed creation date and document id: the same input gives the same bytes
W, H, MARGIN = 960, 540, 48
BODY_TOP, BODY_BOTTOM = H - 130, 74
SLATE, ORANGE, TEAL = HexColor("#0f172a"), HexColor("#f97316"), HexColor("#14b8a6")
INK, MUTED, PALE, TEAL_PALE = HexColor("#1e293b"), HexColor("#475569"), HexColor("#f1f5f9"), HexColor("#ccfbf1")
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu ships with matplotlib: embedded, Unicode
FONTS = {"Sans": "DejaVuSans.ttf", "Sans-Bold": "DejaVuSans-Bold.ttf", "Mono": "DejaVuSansMono.ttf"}
DECK_TITLE = "TinyTorch · Module 02: Activations"


class SlideOverflow(Exception):
    """A slide's content does not fit: shorten it rather than shrink the type below projector size."""


def register_fonts():
    for name, filename in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    return simpleSplit(text, font, size, width)


class SlideDrawer:
    """Draws one slide onto the canvas, top to bottom, and refuses content that runs off the page."""

    def __init__(self, canvas: Canvas, slide: Slide, number: int, total: int, figures: dict[str, Path]):
        self.c, self.slide, self.number, self.total, self.figures = canvas, slide, number, total, figures
        self.y = BODY_TOP
        self.note_lines = wrap(slide.note, "Sans", 16, W - 2 * MARGIN) if slide.note else []
        self.bottom = 40 + 20 * len(self.note_lines) + 8 if self.note_lines else BODY_BOTTOM

    def draw(self):
        if self.slide.layout == "title":
            self.draw_title_slide()
        else:
            self.draw_content_slide()
        self.c.showPage()

    def text(self, x, y, text, font="Sans", size=24, color=INK):
        self.c.setFont(font, size)
        self.c.setFillColor(color)
        self.c.drawString(x, y, text)

    def draw_title_slide(self):
        s = self.slide
        self.c.setFillColor(SLATE)
        self.c.rect(0, 0, W, H, stroke=0, fill=1)
        self.c.setFillColor(ORANGE)
        self.c.rect(MARGIN, H - 150, 96, 8, stroke=0, fill=1)
        y = H - 215
        for line in wrap(s.title, "Sans-Bold", 54, W - 2 * MARGIN):
            self.text(MARGIN, y, line, "Sans-Bold", 54, HexColor("#ffffff"))
            y -= 64
        for line in wrap(s.subtitle, "Sans", 30, W - 2 * MARGIN):
            self.text(MARGIN, y - 6, line, "Sans", 30, TEAL)
            y -= 40
        y -= 40
        for kind, value in s.blocks:
            if kind != "bullet":
                raise ValueError(f"slide {self.number}: a title slide holds only bullets")
            for line in wrap(value, "Sans", 26, W - 2 * MARGIN - 30):
                self.c.setFillColor(ORANGE)
                self.c.circle(MARGIN + 7, y + 9, 5, stroke=0, fill=1)
                self.text(MARGIN + 30, y, line, "Sans", 26, HexColor("#e2e8f0"))
                y -= 40
        if y < 40:
            raise SlideOverflow(f"slide {self.number} ({s.title!r}) runs off the page")

    def draw_content_slide(self):
        s = self.slide
        self.c.setFillColor(HexColor("#ffffff"))
        self.c.rect(0, 0, W, H, stroke=0, fill=1)
        self.c.setFillColor(SLATE)
        self.c.rect(0, H - 100, W, 100, stroke=0, fill=1)
        title_size = 38
        while self.c.stringWidth(s.title, "Sans-Bold", title_size) > W - 2 * MARGIN and title_size > 28:
            title_size -= 2
        self.text(MARGIN, H - 64, s.title, "Sans-Bold", title_size, HexColor("#ffffff"))
        self.c.setFillColor(ORANGE)
        self.c.rect(0, H - 106, W, 6, stroke=0, fill=1)
        width = W - 2 * MARGIN
        if s.figure:
            width = 470
            self.draw_figure(s.figure, x=MARGIN + width + 24, top=BODY_TOP + 14)
        for kind, value in s.blocks:
            getattr(self, f"draw_{kind}")(value, width)
            self.y -= 14
        self.draw_footer()
        if self.y + 14 < self.bottom:
            raise SlideOverflow(f"slide {self.number} ({s.title!r}) runs {self.bottom - self.y - 14:.0f} pt too low")

    def draw_bullet(self, text, width):
        lines = wrap(text, "Sans", 26, width - 30)
        self.c.setFillColor(ORANGE)
        self.c.circle(MARGIN + 7, self.y - 17, 5.5, stroke=0, fill=1)
        for line in lines:
            self.y -= 26
            self.text(MARGIN + 28, self.y, line, "Sans", 26)
            self.y -= 8

    def draw_callout(self, text, width):
        lines = wrap(text, "Sans-Bold", 24, width - 40)
        height = 30 * len(lines) + 22
        self.c.setFillColor(TEAL_PALE)
        self.c.roundRect(MARGIN, self.y - height, width, height, 10, stroke=0, fill=1)
        self.c.setFillColor(TEAL)
        self.c.rect(MARGIN, self.y - height, 8, height, stroke=0, fill=1)
        y = self.y - 34
        for line in lines:
            self.text(MARGIN + 26, y, line, "Sans-Bold", 24, SLATE)
            y -= 30
        self.y -= height

    def draw_code(self, lines, width):
        height = 30 * len(lines) + 24
        self.c.setFillColor(SLATE)
        self.c.roundRect(MARGIN, self.y - height, width, height, 10, stroke=0, fill=1)
        y = self.y - 36
        for line in lines:
            self.text(MARGIN + 20, y, line, "Mono", 22, HexColor("#e2e8f0"))
            y -= 30
        self.y -= height

    def draw_table(self, rows, width):
        size = 24
        pad = 18

        def column_widths(size):
            columns = list(zip(*rows))
            return [max(self.c.stringWidth(cell, "Sans-Bold", size) for cell in col) + 2 * pad for col in columns]

        while sum(column_widths(size)) > width and size > 18:
            size -= 1
        widths = column_widths(size)
        if sum(widths) > width:
            raise SlideOverflow(f"slide {self.number}: table is too wide even at {size} pt")
        row_height = size * 1.75
        for index, row in enumerate(rows):
            top = self.y
            fill = SLATE if index == 0 else (PALE if index % 2 == 0 else HexColor("#ffffff"))
            self.c.setFillColor(fill)
            self.c.rect(MARGIN, top - row_height, sum(widths), row_height, stroke=0, fill=1)
            x = MARGIN
            for column, (cell, cell_width) in enumerate(zip(row, widths)):
                font = "Sans-Bold" if index == 0 or column == 0 else "Sans"
                color = HexColor("#ffffff") if index == 0 else INK
                self.text(x + pad, top - row_height + size * 0.55, cell, font, size, color)
                x += cell_width
            self.y -= row_height
        self.c.setStrokeColor(ORANGE)
        self.c.setLineWidth(3)
        self.c.line(MARGIN, self.y, MARGIN + sum(widths), self.y)

    def draw_figure(self, name, x, top):
        image = ImageReader(str(self.figures[name]))
        pixel_w, pixel_h = image.getSize()
        box_w, box_h = W - MARGIN + 16 - x, top - self.bottom
        scale = min(box_w / pixel_w, box_h / pixel_h)
        self.c.drawImage(image, x, top - pixel_h * scale, pixel_w * scale, pixel_h * scale)

    def draw_footer(self):
        y = 40 + 20 * (len(self.note_lines) - 1)
        for line in self.note_lines:
            self.text(MARGIN, y, line, "Sans", 16, MUTED)
            y -= 20
        self.text(W - MARGIN - 60, 12, f"{self.number} / {self.total}", "Sans", 12, MUTED)
        self.text(MARGIN, 12, DECK_TITLE, "Sans", 12, MUTED)


def build_deck(facts: dict, out_pdf: Path) -> int:
    """Write the deck to out_pdf; return its slide count."""
    register_fonts()
    slides = read_deck(facts)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(out_pdf), pagesize=(W, H), invariant=1, pageCompression=1)
    canvas.setTitle("Module 02: Activations (slides built from this chapter's source)")
    canvas.setAuthor("TinyTorch contributors")
    canvas.setSubject("ReLU, Sigmoid, Tanh, GELU and Softmax: why, how stably, and at what cost")
    canvas.setCreator("slides/build_deck.py (reportlab)")
    figures = {s.figure: draw_figure(s.figure, out_pdf.parent / "figures", facts) for s in slides if s.figure}
    for number, slide in enumerate(slides, 1):
        SlideDrawer(canvas, slide, number, len(slides), figures).draw()
    canvas.save()
    return len(slides)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python slides/build_deck.py FACTS.json OUT.pdf")
    facts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    count = build_deck(facts, Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {count} slides")
