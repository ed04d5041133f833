"""Sections beyond the first screen are laid out only when the reader nears them (`offscreen_sections.css`).

On the chapter most of a phone's main-thread time at load went to style and layout of the whole long
page (Lighthouse, bench/lighthouse.py); `content-visibility: auto` lets the browser skip that for
sections it is not showing yet. Find-in-page, anchors and screen readers still see every section.
"""

STYLESHEET = "offscreen_sections.css"


def setup_offscreen_sections(app):
    app.add_css_file(STYLESHEET)
