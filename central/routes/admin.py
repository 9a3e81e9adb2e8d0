"""The dashboard's administration, for an admin account within its own scope: teams and
accounts added, a laptop's enrolment code issued (with its QR code), a laptop revoked, the
commune's neighbourhoods declared, the app's updates published, held and offered. Every action
is a form with the session's CSRF token."""

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from central import releases, teams
from central import tables as T
from central.deps import (
    Service,
    ServiceDep,
    Viewer,
    admin_of,
    check_form,
    commune_in_scope,
    team_in_scope,
)
from central.errors import NOT_FOUND, WebError
from central.rollups import period_key
from central.web import accounts
from central.web.format import parse_period
from central.web.handover import Issued
from central.web.render import render
from sotay.protocol import format_code
from sotay.releases import BadRelease, Refusal, Release

log = logging.getLogger("central.web")

router = APIRouter(include_in_schema=False)

Csrf = Annotated[str, Form(max_length=100)]  # the session's token, in every form
# The period the page showed, sent back by its form so the answer returns to it (not to this
# month); read as the pages read `?p=`, so only a period's own key goes into the address.
Shown = Annotated[str, Form(max_length=20)]


def period_query(shown: str) -> str:
    return f"p={period_key(parse_period(shown))}" if shown else ""


@router.post("/commune/{code}/areas")
def save_areas(
    request: Request,
    code: int,
    session: Viewer,
    service: ServiceDep,
    names: Annotated[str, Form(max_length=20000)] = "",
    csrf: Csrf = "",
    p: Shown = "",
) -> Response:
    check_form(request, session, csrf)
    admin_of(session)
    commune_code, *_ = commune_in_scope(session, code)
    from sotay.domain.cleaning import clean_line

    wanted = {clean_line(n)[:200] for n in names.splitlines()} - {""}
    with service.writing() as conn:
        conn.execute(T.area.delete().where(T.area.c.commune_code == commune_code))
        if wanted:
            conn.execute(
                T.area.insert(),
                [{"commune_code": commune_code, "name": n} for n in sorted(wanted)],
            )
    query = period_query(p)
    return RedirectResponse(
        f"/commune/{commune_code}{'?' + query if query else ''}#khu-pho", status_code=303
    )


# --- a team's laptops -----------------------------------------------------------------------------


@router.post("/team/{team_id}/code")
def issue_code(
    request: Request, team_id: str, session: Viewer, service: ServiceDep, csrf: Csrf = ""
) -> Response:
    """Issue a code, then redirect to the page that shows it: reloading that page issues no
    other code (central/web/handover.py says where the code waits, and why there)."""
    check_form(request, session, csrf)
    admin_of(session)
    team = team_in_scope(service, session, team_id)
    with service.writing() as conn:
        code, expires = teams.issue_code(conn, team.id)
    ticket = service.handover.put(request.state.cookie, team.id, Issued(code, expires))
    log.info("enrolment code issued for team %s by account %s", team.id, session.account.id)
    return RedirectResponse(f"/team/{team.id}/code/{ticket}", status_code=303)


@router.get("/team/{team_id}/code/{ticket}", response_class=HTMLResponse)
def show_code(
    request: Request,
    team_id: str,
    ticket: Annotated[str, Path(max_length=40)],
    session: Viewer,
    service: ServiceDep,
) -> Response:
    admin_of(session)
    team = team_in_scope(service, session, team_id)
    issued = service.handover.take(request.state.cookie, team.id, ticket)
    if issued is None:  # shown already (a reload), or too late: said, and a new one offered
        return render(request, "code.html", 410, team=team, code=None)
    server = str(request.base_url).rstrip("/")
    shown = format_code(issued.code)
    import segno

    qr = segno.make(f"Sổ tay CNS\n{server}\n{shown}", error="m")
    return render(
        request,
        "code.html",
        team=team,
        code=shown,
        expires=issued.expires,
        server=server,
        qr=qr.svg_data_uri(scale=6, border=2),
    )


@router.post("/team/{team_id}/devices/{device_id}/revoke")
def revoke(
    request: Request,
    team_id: str,
    device_id: str,
    session: Viewer,
    service: ServiceDep,
    csrf: Csrf = "",
    p: Shown = "",
) -> Response:
    check_form(request, session, csrf)
    admin_of(session)
    team = team_in_scope(service, session, team_id)
    with service.writing() as conn:
        owner = conn.scalar(select(T.device.c.team_id).where(T.device.c.id == device_id[:40]))
        if owner != team.id:
            raise WebError(404, NOT_FOUND)
        teams.revoke(conn, device_id)
    log.info("device %s revoked by account %s", device_id, session.account.id)
    query = period_query(p)
    return RedirectResponse(
        f"/team/{team.id}?{query + '&' if query else ''}tab=laptops", status_code=303
    )


# --- teams and accounts ---------------------------------------------------------------------------


def scope_name(account: dict[str, Any]) -> str:
    """What an account sees, by its official name."""
    if account["scope"] == "commune":
        try:
            return teams.commune(account["commune_code"])[1]
        except teams.UnknownCommune:
            return f"Xã/phường mã {account['commune_code']}"
    return teams.province(account["province_code"]) or f"Tỉnh mã {account['province_code']}"


def admin_page(
    request: Request, service: Service, account: accounts.Account, **context: Any
) -> Response:
    from sotay.domain import units

    # From `current`: the admin's lists show what was just added.
    with service.current.connect() as conn:
        everyone = [t for t in teams.list_teams(conn) if account.sees.allows_commune(
            t["commune_code"], t["province_code"])]  # fmt: skip
        people = accounts.list_accounts(conn, account.sees)
        published = releases.listed(conn)
    for person in people:
        person["where"] = scope_name(person)
    # The one release per platform the laptops are told of: its first offered, newest first.
    offered: dict[str, str] = {}
    for r in published:
        if r.state == releases.OFFERED:
            offered.setdefault(r.release.platform, r.release.version)
    communes = (
        [u for u in units.communes(account.province_code)] if account.scope == "province" else []
    )
    return render(
        request,
        "admin.html",
        context.pop("status", 200),
        teams=everyone,
        people=people,
        communes=communes,
        releases=published,
        offered=offered,
        max_upload_mb=MAX_UPLOAD // 1_000_000,
        **context,
    )


@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request, session: Viewer, service: ServiceDep) -> Response:
    return admin_page(request, service, admin_of(session))


@router.post("/admin/teams", response_class=HTMLResponse)
def add_team(
    request: Request,
    session: Viewer,
    service: ServiceDep,
    name: Annotated[str, Form(max_length=200)] = "",
    commune: Annotated[int | None, Form()] = None,
    csrf: Csrf = "",
) -> Response:
    check_form(request, session, csrf)
    account = admin_of(session)
    code = account.commune_code if account.scope == "commune" else commune
    if code is None:
        return admin_page(request, service, account, status=400, team_error="Hãy chọn xã/phường.")
    commune_in_scope(session, code)
    try:
        with service.writing() as conn:
            info = teams.add_team(conn, code, name)
    except (ValueError, teams.UnknownCommune):
        return admin_page(
            request, service, account, status=400, team_error="Hãy nhập tên tổ.", team_name=name
        )
    log.info("team %s added by account %s", info.id, account.id)
    return RedirectResponse(f"/team/{info.id}?tab=laptops", status_code=303)


@router.post("/admin/accounts", response_class=HTMLResponse)
def add_account(
    request: Request,
    session: Viewer,
    service: ServiceDep,
    username: Annotated[str, Form(max_length=100)] = "",
    full_name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    commune: Annotated[int | None, Form()] = None,
    is_admin: Annotated[bool, Form()] = False,
    csrf: Csrf = "",
) -> Response:
    check_form(request, session, csrf)
    account = admin_of(session)
    if account.scope == "commune":
        commune = account.commune_code
    if commune is not None:
        commune_in_scope(session, commune)
    try:
        with service.writing() as conn:
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
            service,
            account,
            status=400,
            account_error=str(exc),
            form={"username": username, "full_name": full_name},
        )
    except IntegrityError:
        return admin_page(
            request, service, account, status=400, account_error="Tên đăng nhập đã có."
        )
    log.info("account %s added by account %s", made.id, account.id)
    return RedirectResponse("/admin#tai-khoan", status_code=303)


@router.post("/admin/accounts/{username}/unlock")
def unlock_account(
    request: Request, username: str, session: Viewer, service: ServiceDep, csrf: Csrf = ""
) -> Response:
    """An account's lock for unknown browsers lifted before its time (the official is on the
    phone, on a new computer)."""
    check_form(request, session, csrf)
    admin = admin_of(session)
    with service.writing() as conn:
        row = accounts.find_login(conn, username[:100])
        if row is None or not admin.sees.allows_commune(row.commune_code, row.province_code):
            raise WebError(404, NOT_FOUND)
        accounts.unlock(conn, username)
    log.info("account %s unlocked by account %s", row.id, admin.id)
    return RedirectResponse("/admin#tai-khoan", status_code=303)


# --- the app's updates (issue 20) -----------------------------------------------------------------

MAX_UPLOAD = 500_000_000  # an installer (tens of MB) and its manifest, in one form
MAX_MANIFEST = 64 * 1024

# Why a release is refused, in the dashboard's words.
REFUSED = {
    Refusal.FORMAT: "Tệp .release.json không phải tệp chữ ký của một bản cập nhật.",
    Refusal.SIGNATURE: "Chữ ký không hợp lệ: bản này không được ký bằng khóa tin cậy. Không đăng.",
    Refusal.NO_KEYS: "Máy chủ chưa có khóa tin cậy nào để kiểm tra chữ ký. Không đăng.",
    Refusal.SIZE: "Tệp cài đặt không đúng dung lượng đã ký (bị cắt ngắn hoặc nhầm tệp)."
    " Không đăng.",
    Refusal.HASH: "Tệp cài đặt không khớp mã SHA-256 đã ký (bị hỏng hoặc nhầm tệp). Không đăng.",
    Refusal.PLATFORM: "Đây không phải bản cập nhật của Sổ tay CNS mà máy chủ này cung cấp được.",
}


def release_refused(
    request: Request, service: Service, account: accounts.Account, message: str
) -> Response:
    return admin_page(request, service, account, status=400, release_error=message)


@router.post("/admin/releases", response_class=HTMLResponse)
async def upload_release(request: Request, session: Viewer, service: ServiceDep) -> Response:
    """An installer and its signed manifest, checked as `release publish` checks them. The
    form is read here, not by FastAPI, so that only an admin's upload is read at all, and an
    oversized one not even then; Starlette spools each file to a temporary file on disk past
    1 MB (never the whole installer in memory)."""
    account = admin_of(session)
    length = request.headers.get("content-length", "")
    if not length.isdigit():  # a browser always says how long its form is
        raise WebError(411, "Trình duyệt không gửi độ dài của tệp: hãy thử lại.")
    if length.isdigit() and int(length) > MAX_UPLOAD:
        return release_refused(
            request, service, account, f"Tệp quá lớn: tối đa {MAX_UPLOAD // 1_000_000} MB."
        )
    async with request.form(max_files=2, max_fields=3) as form:
        csrf = form.get("csrf")
        check_form(request, session, csrf if isinstance(csrf, str) else "")
        installer, manifest = form.get("installer"), form.get("manifest")
        hold = form.get("hold") == "true"
        if not (
            isinstance(installer, UploadFile)
            and isinstance(manifest, UploadFile)
            and installer.filename
            and manifest.filename
        ):
            return release_refused(
                request, service, account, "Hãy chọn cả tệp cài đặt và tệp .release.json của nó."
            )
        try:
            data = await manifest.read(MAX_MANIFEST + 1)
            if len(data) > MAX_MANIFEST:
                raise BadRelease(Refusal.FORMAT, "too long")
            try:
                release = Release.from_json(json.loads(data.decode("utf-8")))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise BadRelease(Refusal.FORMAT, "not JSON") from None
            stored, new = await run_in_threadpool(
                releases.publish,
                service.config,
                installer.file,
                release,
                account.username,
                current=service.current,
                writing=service.writing,
                hold=hold,
            )
        except BadRelease as exc:
            return release_refused(request, service, account, REFUSED[exc.refusal])
        except releases.Conflict:
            return release_refused(
                request,
                service,
                account,
                f"Phiên bản {release.version} đã được đăng với một tệp khác: bản đã đăng thì"
                " không thay đổi được.",
            )
    if new:
        log.info("release %s published by account %s", stored.release.version, account.id)
    return RedirectResponse("/admin#ban-cap-nhat", status_code=303)


@router.post("/admin/releases/{platform}/{version}/{action}")
def release_state(
    request: Request,
    platform: Annotated[str, Path(pattern=releases.PLATFORM)],
    version: Annotated[str, Path(pattern=releases.VERSION)],
    action: Annotated[str, Path(pattern="^(hold|offer)$")],
    session: Viewer,
    service: ServiceDep,
    csrf: Csrf = "",
) -> Response:
    """A release held back (laptops are offered the previous one; those that took it keep
    it) or offered again."""
    check_form(request, session, csrf)
    account = admin_of(session)
    state = releases.HELD if action == "hold" else releases.OFFERED
    with service.writing() as conn:
        if not releases.set_state(conn, platform, version, state):
            raise WebError(404, NOT_FOUND)
    log.info("release %s %s %s by account %s", platform, version, state, account.id)
    return RedirectResponse("/admin#ban-cap-nhat", status_code=303)
