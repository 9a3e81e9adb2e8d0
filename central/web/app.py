"""The commune's and the province's dashboard: server-rendered pages (Jinja2, autoescaped),
a little plain JavaScript for the charts, every asset served from here (no CDN: it works on
a commune LAN without internet).

Who sees what: a commune account its commune's teams, a province account its communes. A
page or export outside the account's scope answers 404, exactly as a page that does not
exist. Every form carries the session's CSRF token; a request from another origin is refused.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations, and
# `Viewer` is local to mount().
import hmac
import json
import logging
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from central import dashboard, teams
from central import tables as T
from central.db import writing
from central.limits import Buckets
from central.rollups import FIGURES, period_key
from central.web import accounts, export
from central.web.format import local_time, parse_period, period_options, today
from sotay.domain.periods import Period
from sotay.printing.report import number, period_text
from sotay.protocol import format_code

log = logging.getLogger("central.web")
HERE = Path(__file__).resolve().parent

COOKIE = "sotay_session"
LOGIN_COOKIE = "sotay_login"  # the login form's own CSRF token, before there is a session

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


class WebError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class LoginNeeded(Exception):
    pass


NOT_FOUND = "Không có trang này, hoặc tài khoản của bạn không được xem trang này."


def cookie_name(request: Request) -> str:
    # Over HTTPS the __Host- prefix pins the cookie to this host, Secure, path /.
    return f"__Host-{COOKIE}" if request.url.scheme == "https" else COOKIE


def safe_next(target: str | None) -> str:
    """Only a path of this site (never //host or a scheme): no open redirect after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def mount(app: FastAPI, engine: Engine, primary: Engine, reader: Engine, writers: Any) -> None:
    """The dashboard on `app`. `primary` reads what must be current (sessions, a team just
    added, the admin's lists); `reader` the figures and lists, possibly from a read replica
    (a replica a little behind shows figures a moment older, never a signed-out session)."""
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.filters["n"] = number
    env.filters["when"] = local_time
    env.filters["period_text"] = period_text
    env.globals["FIGURES"] = FIGURES
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # Failed logins per address: 10 at once, then one each 5 s (each account also locks).
    failures = Buckets(0.2, 10)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith("/v1/"):
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
            if not request.url.path.startswith("/static/"):
                response.headers.setdefault("Cache-Control", "no-store")
            if request.url.scheme == "https":
                response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    def render(request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
        session = getattr(request.state, "session", None)
        return templates.TemplateResponse(
            request,
            name,
            {"session": session, "account": session.account if session else None, **context},
            status_code=http_status,
        )

    def error_page(request: Request, status: int, message: str) -> HTMLResponse:
        return render(request, "error.html", status, status=status, message=message)

    app.state.web_error_page = error_page

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        response = error_page(request, exc.status, exc.message)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, _exc: LoginNeeded) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    def viewer(request: Request) -> accounts.Session:
        cookie = request.cookies.get(cookie_name(request), "")
        with primary.connect() as conn:
            session = accounts.find_session(conn, cookie)
        if session is None:
            raise LoginNeeded()
        if (accounts.utcnow() - session.seen_at).total_seconds() > 60:
            with writing(engine, writers) as conn:
                accounts.touch_session(conn, cookie)
        request.state.session, request.state.cookie = session, cookie
        return session

    Viewer = Annotated[accounts.Session, Depends(viewer)]

    def check_form(request: Request, session: accounts.Session, token: str) -> None:
        origin = request.headers.get("origin")
        if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
            raise WebError(403, "Yêu cầu đến từ một trang khác: không thực hiện.")
        if not hmac.compare_digest(token.encode(), session.csrf.encode()):
            raise WebError(403, "Trang đã cũ hoặc phiên đã đổi: hãy tải lại trang rồi làm lại.")

    def admin_of(session: accounts.Session) -> accounts.Account:
        if not session.account.admin:
            raise WebError(404, NOT_FOUND)
        return session.account

    def commune_in_scope(session: accounts.Session, code: int) -> tuple[int, str, int, str]:
        try:
            found = teams.commune(code)
        except teams.UnknownCommune:
            raise WebError(404, NOT_FOUND) from None
        if not session.account.sees.allows_commune(found[0], found[2]):
            raise WebError(404, NOT_FOUND)
        return found

    def team_in_scope(session: accounts.Session, team_id: str) -> teams.TeamInfo:
        with primary.connect() as conn:
            team = teams.get_team(conn, team_id[:40])
        if team is None or not session.account.sees.allows_team(team):
            raise WebError(404, NOT_FOUND)
        return team

    router = APIRouter(include_in_schema=False)

    # --- signing in -------------------------------------------------------------------------

    @router.get("/", response_class=HTMLResponse)
    def home(session: Viewer) -> Response:
        a = session.account
        if a.scope == "province":
            return RedirectResponse(f"/province/{a.province_code}", status_code=303)
        return RedirectResponse(f"/commune/{a.commune_code}", status_code=303)

    def login_form(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            "login.html",
            status,
            login_token=token,
            next=safe_next(request.query_params.get("next")),
            **context,
        )
        response.set_cookie(
            LOGIN_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            max_age=3600,
        )
        return response

    @router.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        return login_form(request)

    @router.post("/login", response_class=HTMLResponse)
    def login(
        request: Request,
        username: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=200)] = "",
        token: Annotated[str, Form(alias="login_token", max_length=100)] = "",
        next_: Annotated[str, Form(alias="next", max_length=500)] = "/",
    ) -> Response:
        address = request.client.host if request.client else "?"
        wait = failures.wait(address)
        if wait:
            raise WebError(
                429,
                f"Nhập sai quá nhiều lần. Hãy đợi {int(wait) + 1} giây rồi thử lại.",
                {"Retry-After": str(int(wait) + 1)},
            )
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            return login_form(
                request, 400, error="Trang đăng nhập đã cũ: hãy nhập lại.", username=username
            )
        with primary.connect() as conn:
            row = accounts.find_login(conn, username)
        result, values = accounts.judge_login(row, password)
        if values is not None:
            with writing(engine, writers) as conn:
                if not accounts.record_login(conn, row, values):
                    # locked by a parallel guess while this password was being checked
                    result = accounts.LoginResult(None, accounts.utcnow() + accounts.LOCK_FOR)
        if result.account is None:
            failures.take(address)
            log.info("failed login from %s", address)
            if result.locked_until is not None:
                message = (
                    "Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau "
                    f"{local_time(result.locked_until)[-5:]}."
                )
            else:
                message = "Sai tên đăng nhập hoặc mật khẩu."
            return login_form(request, 401, error=message, username=username)
        with writing(engine, writers) as conn:
            accounts.forget_old_sessions(conn)
            cookie, _csrf = accounts.open_session(conn, result.account.id)
            old = request.cookies.get(cookie_name(request))
            if old:  # a session the browser had before is over
                accounts.close_session(conn, old)
        response = RedirectResponse(safe_next(next_), status_code=303)
        response.set_cookie(
            cookie_name(request),
            cookie,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        response.delete_cookie(LOGIN_COOKIE)
        log.info("account %s signed in", result.account.id)
        return response

    @router.post("/logout")
    def logout(
        request: Request, session: Viewer, csrf: Annotated[str, Form(max_length=100)] = ""
    ) -> Response:
        check_form(request, session, csrf)
        with writing(engine, writers) as conn:
            accounts.close_session(conn, request.state.cookie)
        response = RedirectResponse("/login", status_code=303)
        # (a __Host- cookie is only deleted by a Secure Set-Cookie)
        response.delete_cookie(
            cookie_name(request), path="/", secure=request.url.scheme == "https", httponly=True
        )
        return response

    # --- the commune ------------------------------------------------------------------------

    def commune_data(code: int, period: Period) -> dict[str, Any]:
        with reader.connect() as conn:
            rows = dashboard.team_rows(conn, code, period)
            total = dashboard.overview(conn, [r.id for r in rows], period)
            trend = dashboard.trend(conn, period.year, commune_code=code)
            declared = dashboard.areas(conn, code)
            pending = dashboard.pending(conn, code)
        return {
            "rows": rows,
            "total": total,
            "trend": trend,
            "declared": declared,
            "coverage": dashboard.coverage(declared, rows),
            "pending": pending,
        }

    def chart(trend: list[dict[str, int]]) -> str:
        # Inside a <script type="application/json">: no "<" may close it.
        return json.dumps(
            {
                "labels": [f"T{m}" for m in range(1, 13)],
                "series": [
                    ["Buổi tập huấn", [m["trainings_held"] for m in trend]],
                    ["Người được tập huấn", [m["residents_trained"] for m in trend]],
                    ["Lượt hỗ trợ", [m["assists"] for m in trend]],
                ],
            }
        ).replace("<", "\\u003c")

    @router.get("/commune/{code}", response_class=HTMLResponse)
    def commune_page(
        request: Request,
        code: int,
        session: Viewer,
        p: Annotated[str | None, Query(max_length=10)] = None,
    ) -> Response:
        commune_code, commune_name, province_code, province_name = commune_in_scope(session, code)
        period = parse_period(p)
        data = commune_data(commune_code, period)
        return render(
            request,
            "commune.html",
            commune_code=commune_code,
            commune_name=commune_name,
            province_code=province_code,
            province_name=province_name,
            period=period,
            key=period_key(period),
            options=period_options(period),
            chart=chart(data["trend"]),
            **data,
        )

    def team_overviews(rows: list[dashboard.TeamRow], period: Period) -> list[tuple[Any, Any]]:
        with reader.connect() as conn:
            return [(row, dashboard.overview(conn, [row.id], period)) for row in rows]

    def attachment(name: str) -> dict[str, str]:
        return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}

    @router.get("/commune/{code}/report.xlsx")
    def commune_xlsx(
        code: int, session: Viewer, p: Annotated[str | None, Query(max_length=10)] = None
    ) -> Response:
        commune_code, commune_name, _pc, province_name = commune_in_scope(session, code)
        period = parse_period(p)
        data = commune_data(commune_code, period)
        out = export.commune_xlsx(
            commune_name, province_name, data["total"], team_overviews(data["rows"], period)
        )
        return StreamingResponse(
            _chunks(out),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers=attachment(f"bao-cao-{commune_code}-{period_key(period)}.xlsx"),
        )

    @router.get("/commune/{code}/report.pdf")
    def commune_pdf(
        code: int, session: Viewer, p: Annotated[str | None, Query(max_length=10)] = None
    ) -> Response:
        commune_code, commune_name, _pc, province_name = commune_in_scope(session, code)
        period = parse_period(p)
        data = commune_data(commune_code, period)
        pdf = export.commune_pdf(commune_name, province_name, data["total"], data["rows"], today())
        return Response(
            pdf,
            media_type="application/pdf",
            headers=attachment(f"bao-cao-{commune_code}-{period_key(period)}.pdf"),
        )

    @router.post("/commune/{code}/areas")
    def save_areas(
        request: Request,
        code: int,
        session: Viewer,
        names: Annotated[str, Form(max_length=20000)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        check_form(request, session, csrf)
        admin_of(session)
        commune_code, *_ = commune_in_scope(session, code)
        from sotay.domain.cleaning import clean_line

        wanted = {clean_line(n)[:200] for n in names.splitlines()} - {""}
        with writing(engine, writers) as conn:
            conn.execute(T.area.delete().where(T.area.c.commune_code == commune_code))
            if wanted:
                conn.execute(
                    T.area.insert(),
                    [{"commune_code": commune_code, "name": n} for n in sorted(wanted)],
                )
        return RedirectResponse(f"/commune/{commune_code}#khu-pho", status_code=303)

    # --- the province -------------------------------------------------------------------------

    SORTS = {
        "name": lambda c: c.name,
        **{k: (lambda c, k=k: -c.figures[k]) for k in FIGURES},
        "teams": lambda c: -c.teams,
    }

    def province_in_scope(session: accounts.Session, code: int) -> str:
        a = session.account
        name = teams.province(code)
        if a.scope != "province" or a.province_code != code or name is None:
            raise WebError(404, NOT_FOUND)
        return name

    @router.get("/province/{code}", response_class=HTMLResponse)
    def province_page(
        request: Request,
        code: int,
        session: Viewer,
        p: Annotated[str | None, Query(max_length=10)] = None,
        sort: Annotated[str, Query(max_length=30)] = "name",
    ) -> Response:
        name = province_in_scope(session, code)
        period = parse_period(p)
        with reader.connect() as conn:
            communes = dashboard.commune_rows(conn, code, period)
            trend = dashboard.trend(conn, period.year, province_code=code)
        from sotay.domain.text import collation_key

        communes.sort(key=lambda c: collation_key(c.name))
        if sort in SORTS and sort != "name":
            communes.sort(key=SORTS[sort])
        return render(
            request,
            "province.html",
            province_code=code,
            province_name=name,
            period=period,
            key=period_key(period),
            options=period_options(period),
            communes=communes,
            total=dashboard.total([c.figures for c in communes]),
            teams=sum(c.teams for c in communes),
            active=sum(c.active_teams for c in communes),
            stale=sum(c.stale_teams for c in communes),
            sort=sort if sort in SORTS else "name",
            chart=chart(trend),
        )

    @router.get("/province/{code}/report.xlsx")
    def province_xlsx(
        code: int, session: Viewer, p: Annotated[str | None, Query(max_length=10)] = None
    ) -> Response:
        name = province_in_scope(session, code)
        period = parse_period(p)
        out = province_report(code, name, period)
        return StreamingResponse(
            _chunks(out),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers=attachment(f"bao-cao-tinh-{code}-{period_key(period)}.xlsx"),
        )

    def province_report(code: int, name: str, period: Period) -> Any:
        with reader.connect() as conn:
            communes = dashboard.commune_rows(conn, code, period)
            from sotay.domain.text import collation_key

            communes.sort(key=lambda c: collation_key(c.name))
            ids = [t for (t,) in conn.execute(
                select(T.team.c.id).where(T.team.c.province_code == code)
            )]  # fmt: skip
            total = dashboard.overview(conn, ids, period)

            every_team = dashboard.province_team_rows(conn, code, period)
            return export.province_xlsx(name, period, total, communes, iter(every_team))

    app.state.province_report = province_report  # the bench measures it

    # --- a team ---------------------------------------------------------------------------------

    @router.get("/team/{team_id}", response_class=HTMLResponse)
    def team_page(
        request: Request,
        team_id: str,
        session: Viewer,
        p: Annotated[str | None, Query(max_length=10)] = None,
        tab: Annotated[str, Query(max_length=20)] = "trainings",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        sort: Annotated[str, Query(max_length=20)] = "-day",
        status: Annotated[str, Query(max_length=20)] = "",
        topic: Annotated[str, Query(max_length=40)] = "",
        service: Annotated[str, Query(max_length=40)] = "",
        outcome: Annotated[str, Query(max_length=20)] = "",
    ) -> Response:
        team = team_in_scope(session, team_id)
        period = parse_period(p)
        status = status if status in ("held", "planned", "cancelled") else ""
        outcome = outcome if outcome in ("done", "not_done", "referred") else ""
        topic = topic if re.fullmatch(r"[0-9A-Fa-f-]{1,36}", topic) else ""
        # The team's own row and its laptops from the primary: a team just added, a laptop
        # just revoked, are there even when the figures come from a replica a moment behind.
        with primary.connect() as conn:
            row = dashboard.team_row(conn, team.id, period)
            devices = teams.list_devices(conn, team.id) if tab == "laptops" else []
        if row is None:  # gone meanwhile
            raise WebError(404, NOT_FOUND)
        with reader.connect() as conn:
            ov = dashboard.overview(conn, [team.id], period)
            trend = dashboard.trend(conn, period.year, team_id=team.id)
            topics = dashboard.names_of(conn, team.id, "topic")
            services = dashboard.names_of(conn, team.id, "service")
            listing: Any = None
            if tab == "assists":
                listing = dashboard.team_assists(
                    conn, team.id, period, service=service, outcome=outcome, sort=sort, page=page
                )
            elif tab == "problems":
                listing = dashboard.team_problems(conn, team.id)
            elif tab == "laptops":
                listing = devices
            elif tab == "figures":
                listing = None
            else:
                tab = "trainings"
                listing = dashboard.team_trainings(
                    conn, team.id, period, status=status, topic=topic, sort=sort, page=page
                )
            problems = conn.scalar(
                select(T.problem.c.seq).where(T.problem.c.team_id == team.id).limit(1)
            )
        filters = {"p": period_key(period), "tab": tab, "sort": sort, "status": status,
                   "topic": topic, "service": service, "outcome": outcome}  # fmt: skip
        return render(
            request,
            "team.html",
            team=team,
            row=row,
            ov=ov,
            period=period,
            key=period_key(period),
            options=period_options(period),
            tab=tab,
            listing=listing,
            filters=filters,
            topics=sorted(topics.items(), key=lambda x: x[1]),
            services=sorted(services.items(), key=lambda x: x[1]),
            has_problems=problems is not None,
            chart=chart(trend),
        )

    @router.post("/team/{team_id}/code", response_class=HTMLResponse)
    def issue_code(
        request: Request,
        team_id: str,
        session: Viewer,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        check_form(request, session, csrf)
        admin_of(session)
        team = team_in_scope(session, team_id)
        with writing(engine, writers) as conn:
            code, expires = teams.issue_code(conn, team.id)
        server = str(request.base_url).rstrip("/")
        shown = format_code(code)
        import segno

        qr = segno.make(f"Sổ tay CNS\n{server}\n{shown}", error="m")
        log.info("enrolment code issued for team %s by account %s", team.id, session.account.id)
        return render(
            request,
            "code.html",
            team=team,
            code=shown,
            expires=expires,
            server=server,
            qr=qr.svg_data_uri(scale=6, border=2),
        )

    @router.post("/team/{team_id}/devices/{device_id}/revoke")
    def revoke(
        request: Request,
        team_id: str,
        device_id: str,
        session: Viewer,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        check_form(request, session, csrf)
        admin_of(session)
        team = team_in_scope(session, team_id)
        with writing(engine, writers) as conn:
            owner = conn.scalar(select(T.device.c.team_id).where(T.device.c.id == device_id[:40]))
            if owner != team.id:
                raise WebError(404, NOT_FOUND)
            teams.revoke(conn, device_id)
        log.info("device %s revoked by account %s", device_id, session.account.id)
        return RedirectResponse(f"/team/{team.id}?tab=laptops", status_code=303)

    # --- administration -------------------------------------------------------------------------

    def admin_page(request: Request, account: accounts.Account, **context: Any) -> Response:
        from sotay.domain import units

        with primary.connect() as conn:
            everyone = [t for t in teams.list_teams(conn) if account.sees.allows_commune(
                t["commune_code"], t["province_code"])]  # fmt: skip
            people = accounts.list_accounts(conn, account.sees)
        for person in people:
            person["where"] = scope_name(person)
        communes = (
            [u for u in units.communes(account.province_code)]
            if account.scope == "province"
            else []
        )
        return render(
            request,
            "admin.html",
            context.pop("status", 200),
            teams=everyone,
            people=people,
            communes=communes,
            **context,
        )

    @router.get("/admin", response_class=HTMLResponse)
    def admin(request: Request, session: Viewer) -> Response:
        return admin_page(request, admin_of(session))

    @router.post("/admin/teams", response_class=HTMLResponse)
    def add_team(
        request: Request,
        session: Viewer,
        name: Annotated[str, Form(max_length=200)] = "",
        commune: Annotated[int | None, Form()] = None,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        check_form(request, session, csrf)
        account = admin_of(session)
        code = account.commune_code if account.scope == "commune" else commune
        if code is None:
            return admin_page(request, account, status=400, team_error="Hãy chọn xã/phường.")
        commune_in_scope(session, code)
        try:
            with writing(engine, writers) as conn:
                info = teams.add_team(conn, code, name)
        except (ValueError, teams.UnknownCommune):
            return admin_page(
                request, account, status=400, team_error="Hãy nhập tên tổ.", team_name=name
            )
        log.info("team %s added by account %s", info.id, account.id)
        return RedirectResponse(f"/team/{info.id}?tab=laptops", status_code=303)

    @router.post("/admin/accounts", response_class=HTMLResponse)
    def add_account(
        request: Request,
        session: Viewer,
        username: Annotated[str, Form(max_length=100)] = "",
        full_name: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=200)] = "",
        commune: Annotated[int | None, Form()] = None,
        is_admin: Annotated[bool, Form()] = False,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        check_form(request, session, csrf)
        account = admin_of(session)
        if account.scope == "commune":
            commune = account.commune_code
        if commune is not None:
            commune_in_scope(session, commune)
        try:
            with writing(engine, writers) as conn:
                made = accounts.create(
                    conn,
                    username,
                    full_name,
                    password,
                    commune_code=commune,
                    province_code=None if commune is not None else account.province_code,
                    admin=is_admin,
                )
        except accounts.AccountProblem as exc:
            return admin_page(
                request,
                account,
                status=400,
                account_error=str(exc),
                form={"username": username, "full_name": full_name},
            )
        except IntegrityError:
            return admin_page(request, account, status=400, account_error="Tên đăng nhập đã có.")
        log.info("account %s added by account %s", made.id, account.id)
        return RedirectResponse("/admin#tai-khoan", status_code=303)

    app.include_router(router)


def scope_name(account: dict[str, Any]) -> str:
    """What an account sees, by its official name."""
    if account["scope"] == "commune":
        try:
            return teams.commune(account["commune_code"])[1]
        except teams.UnknownCommune:
            return f"Xã/phường mã {account['commune_code']}"
    return teams.province(account["province_code"]) or f"Tỉnh mã {account['province_code']}"


def _chunks(out: Any, size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while chunk := out.read(size):
            yield chunk
    finally:
        out.close()
