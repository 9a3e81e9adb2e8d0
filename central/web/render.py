"""The dashboard's pages drawn: server-rendered (Jinja2, autoescaped), a little plain JavaScript
for the charts, every asset served from here (no CDN: it works on a commune LAN without
internet), and the headers every page carries."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2.filters import do_urlencode
from markupsafe import Markup, escape
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.compare import Beside, Comparison
from central.rollups import FIGURES
from central.web import reasons
from central.web.export import FIGURE_COLUMNS
from central.web.format import local_time
from sotay import words
from sotay.domain.denominators import Reach
from sotay.domain.standard import INDICATORS
from sotay.domain.text import display
from sotay.words import number, period_text

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _drawn(value: Any) -> Any:
    """Every {{ value }} of every page: text as display() draws it (a name stacking dozens of
    combining marks would cover the rows around it). Markup, a macro's output, was already."""
    return display(value) if type(value) is str else value


# The two cells the commune's and the province's tables draw in every figure's place (some 300 a
# page): Jinja's macros took a quarter of the commune page's time, these are the same markup.


def linked(
    value: int, drill: str, figure: str, key: str, more: dict[str, str] | None = None
) -> Markup:
    """A figure linking to the records behind it (central/routes/drill.py), when it has any."""
    shown = escape(number(value))
    if not (drill and value):
        return shown
    query = do_urlencode({**(more or {}), "p": key})
    return Markup('<a href="%s/%s?%s">%s</a>') % (drill, figure, query, shown)


def change(items: Iterable[Beside]) -> Markup:
    """The change to the period before, under a figure in a table (central/compare.py): a sign
    and an arrow, never colour alone; in words on hover and for a screen reader."""
    out = Markup()
    for c in items:
        if c.name == "previous":
            words_ = display(c.words)
            out += Markup('<small class="delta %s" title="%s" aria-label="%s">%s</small>') % (
                c.direction, words_, words_, display(c.arrow)
            )  # fmt: skip
    return out


def figure_cells(
    figures: dict[str, int], drill: str, key: str, cmp: Comparison, group: Any
) -> Markup:
    """A row's seven figure cells, each linked to its records and with its change to the period
    before. Drawn here: the templates' loop over them was a third of the commune page's time."""
    cells = [
        f'<td class="num" data-figure="{k}">{linked(figures[k], drill, k, key)}'
        f"{change(cmp(k, group))}</td>"
        for k in FIGURE_COLUMNS
    ]
    return Markup("".join(cells))


def _text(value: str) -> str:
    return str(escape(display(value)))


def rate_text(value: float | None) -> str:
    """A rate with a decimal comma, as Vietnamese write it; "—" when it cannot be known."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def reach_rows(rows: Iterable[Reach]) -> Markup:
    """The commune's reach table's rows (_reach.html): some 300 on a large commune's page."""
    out = []
    for r in rows:
        name = _text(r.name)
        if r.adults is None:
            adults, source = '<span class="muted">chưa có</span>', "—"
        else:
            adults, source = number(r.adults), "xã/phường" if r.by_commune else "tổ"
        weak, flag = (' class="weak"', ' <span class="flag">yếu</span>') if r.weak else ("", "")
        counted = r.counted_on.strftime("%d/%m/%Y") if r.counted_on else ""
        out.append(
            f'<tr data-neighbourhood="{name}"{weak}><td>{name}{flag}</td><td>{_text(r.team)}</td>'
            f'<td class="num">{adults}</td><td>{source}</td><td>{counted}</td>'
            f'<td class="num">{number(r.trained)}</td>'
            f'<td class="num" data-rate="{name}">{rate_text(r.rate)}</td></tr>\n'
        )
    return Markup("".join(out))


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.finalize = _drawn
    env.filters["n"] = number
    env.globals["linked"] = linked
    env.globals["change"] = change
    env.globals["figure_cells"] = figure_cells
    env.globals["reach_rows"] = reach_rows
    env.globals["rate_text"] = rate_text  # _denom.html's pct, as reach_rows writes a rate
    env.filters["when"] = local_time
    env.filters["period_text"] = period_text
    env.globals["FIGURES"] = FIGURES
    # the same words for stored values as the printed pages and the laptop's catalogue
    env.globals["STATUS"] = words.TRAINING_STATUS
    env.globals["OUTCOME"] = words.OUTCOME
    env.globals["SUMMED_NOTE"] = words.SUMMED_NOTE
    env.globals["INDICATOR"] = {i.code: i.name for i in INDICATORS}  # _standard.html
    # a refused change in plain Vietnamese (its stored code and English message)
    env.filters["entity_text"] = reasons.entity_text
    env.filters["problem_status"] = reasons.status_text
    env.globals["reason"] = reasons.reason
    return templates


def render(request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    templates: Jinja2Templates = request.app.state.service.templates
    return templates.TemplateResponse(
        request,
        name,
        {"session": session, "account": session.account if session else None, **context},
        status_code=http_status,
    )


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message)


class SecurityHeaders:
    """The dashboard's headers on every answer but the laptops' API's (a plain ASGI middleware,
    as central/main.py's Stamp)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/v1/"):
            await self.app(scope, receive, send)
            return

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
                if scope.get("scheme") == "https":
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            await send(message)

        await self.app(scope, receive, headed)
