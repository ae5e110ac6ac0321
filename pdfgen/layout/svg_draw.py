"""Drawing an SVG's art on a ReportLab canvas: plain art as operators worked out once,
anything else step by step through the canvas's public methods."""

from __future__ import annotations

from typing import Any

from pdfgen.caches import current
from pdfgen.content.svg_steps import SvgArt

_PLAIN = frozenset({"save", "restore", "transform", "line_width", "line_cap", "line_join",
                    "dash", "fill_color", "stroke_color", "path", "clip", "font"})


_MOST_COMPILED = 256  # by the art's identity (steps are lists); the art is kept with it


def compiled(art: SvgArt) -> str | None:
    """The PDF operators that draw the art, worked out once; None when it needs the
    canvas's own bookkeeping (transparency, overprint, text: resources of the page)."""
    memory = current().map("svg_compiled", _MOST_COMPILED)
    known = memory.get(id(art))
    if known is None or known[0] is not art:
        known = memory.put(id(art), (art, _compile(art)))
    return known[1]


def _compile(art: SvgArt) -> str | None:
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfgen.canvas import FILL_EVEN_ODD, PATH_OPS
    from reportlab.pdfgen.pathobject import PDFPathObject

    def plain(step: tuple[Any, ...]) -> bool:
        # ReportLab states opacity 1 and no overprint at the start of every drawing: the
        # page's own state already, so they are left out; any other value needs the canvas.
        if step[0] in ("fill_alpha", "stroke_alpha"):
            return step[1] == 1
        if step[0] in ("fill_overprint", "stroke_overprint", "overprint_mask"):
            return not step[1]
        if step[0] in ("fill_color", "stroke_color"):
            return len(step) < 5 or step[4] == 1
        return step[0] in _PLAIN

    if not all(plain(step) for step in art.steps):
        return None
    code: list[str] = []
    for step in art.steps:
        name, args = step[0], step[1:]
        if name == "save":
            code.append("q")
        elif name == "restore":
            code.append("Q")
        elif name == "transform":
            code.append(f"{fp_str(*args)} cm")
        elif name == "line_width":
            code.append(f"{fp_str(args[0])} w")
        elif name == "line_cap":
            code.append(f"{int(args[0])} J")
        elif name == "line_join":
            code.append(f"{int(args[0])} j")
        elif name == "dash":
            code.append(f"[{fp_str(*args[0])}] {fp_str(args[1])} d" if args[0] else "[] 0 d")
        elif name in ("fill_color", "stroke_color"):
            code.append(f"{fp_str(*args[:3])} {'rg' if name == 'fill_color' else 'RG'}")
        elif name in ("path", "clip"):
            path = PDFPathObject()
            for op in args[0]:
                getattr(path, op[0])(*op[1:])
            paint = PATH_OPS[int(args[1]), int(args[2]), int(args[3])]
            clip = (" W* " if args[3] == FILL_EVEN_ODD else " W ") if name == "clip" else " "
            code.append(f"{path.getCode()}{clip}{paint}")
    return "\n".join(code)


def replay(art: SvgArt, canvas: Any) -> None:
    """Draw the steps on a ReportLab canvas, through its public methods."""
    fast = compiled(art)
    if fast is not None:
        # Plain shapes and colours: the operators as they were worked out, in one piece
        # (addLiteral is the canvas's public way to add them), inside a save and restore.
        canvas.saveState()
        canvas.addLiteral(fast)
        canvas.restoreState()
        return
    from reportlab.lib.colors import Color

    # ReportLab sets its default font (Helvetica) at the start of every drawing: replayed
    # where no text follows, it would name in the PDF a font that is not embedded.
    writes = any(step[0] == "text" for step in art.steps)
    for step in art.steps:
        name, args = step[0], step[1:]
        if name == "font" and not writes:
            continue
        if name == "save":
            canvas.saveState()
        elif name == "restore":
            canvas.restoreState()
        elif name == "transform":
            canvas.transform(*args)
        elif name == "line_width":
            canvas.setLineWidth(args[0])
        elif name == "line_cap":
            canvas.setLineCap(args[0])
        elif name == "line_join":
            canvas.setLineJoin(args[0])
        elif name == "dash":
            canvas.setDash(list(args[0]), args[1]) if args[0] else canvas.setDash()
        elif name == "fill_color":
            canvas.setFillColor(Color(*args))
        elif name == "stroke_color":
            canvas.setStrokeColor(Color(*args))
        elif name == "fill_alpha":
            canvas.setFillAlpha(args[0])
        elif name == "stroke_alpha":
            canvas.setStrokeAlpha(args[0])
        elif name == "fill_overprint":
            canvas.setFillOverprint(args[0])
        elif name == "stroke_overprint":
            canvas.setStrokeOverprint(args[0])
        elif name == "overprint_mask":
            canvas.setOverprintMask(args[0])
        elif name == "font":
            canvas.setFont(_embedded(canvas, args[0]), args[1])
        elif name == "text":
            canvas.drawString(args[0], args[1], args[2], mode=args[3] or None)
        elif name in ("path", "clip"):
            path = canvas.beginPath()
            for op in args[0]:
                getattr(path, op[0])(*op[1:])
            draw = canvas.clipPath if name == "clip" else canvas.drawPath
            draw(path, stroke=args[1], fill=args[2], fillMode=args[3])


def _embedded(canvas: Any, name: str) -> str:
    """The font an SVG's text is drawn in: for text in one of PDF's standard fonts (svglib's
    for any family it does not know), which no handout embeds and a print shop's preflight
    refuses, the handout's own font (its bold for a bold one), where the canvas names it."""
    fonts = getattr(canvas, "text_fonts", None)
    if fonts is None:
        return name
    return fonts[1] if "Bold" in name else fonts[0]
