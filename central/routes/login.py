"""Signing in and out of the dashboard. The login form carries its own CSRF token (a cookie
before there is a session); a session is a fresh random cookie each time (central/web/
accounts.py), and each address is slowed down after failed logins (central/deps.py)."""

import hmac
import logging
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from central.deps import (
    LOGIN_COOKIE,
    ServiceDep,
    Viewer,
    address,
    check_form,
    cookie_name,
    login_allowed,
)
from central.web import accounts
from central.web.format import local_time
from central.web.render import render

log = logging.getLogger("central.web")

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path of this site (never //host or a scheme): no open redirect after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


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
    service: ServiceDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    token: Annotated[str, Form(alias="login_token", max_length=100)] = "",
    next_: Annotated[str, Form(alias="next", max_length=500)] = "/",
) -> Response:
    login_allowed(request, service)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        return login_form(
            request, 400, error="Trang đăng nhập đã cũ: hãy nhập lại.", username=username
        )
    with service.current.connect() as conn:
        row = accounts.find_login(conn, username)
    result, values = accounts.judge_login(row, password)
    if values is not None:
        with service.writing() as conn:
            if not accounts.record_login(conn, row, values):
                # locked by a parallel guess while this password was being checked
                result = accounts.LoginResult(None, accounts.utcnow() + accounts.LOCK_FOR)
    if result.account is None:
        service.failed_logins.take(address(request))
        log.info("failed login from %s", address(request))
        if result.locked_until is not None:
            message = (
                "Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau "
                f"{local_time(result.locked_until)[-5:]}."
            )
        else:
            message = "Sai tên đăng nhập hoặc mật khẩu."
        return login_form(request, 401, error=message, username=username)
    with service.writing() as conn:
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
    request: Request,
    session: Viewer,
    service: ServiceDep,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_form(request, session, csrf)
    with service.writing() as conn:
        accounts.close_session(conn, request.state.cookie)
    response = RedirectResponse("/login", status_code=303)
    # (a __Host- cookie is only deleted by a Secure Set-Cookie)
    response.delete_cookie(
        cookie_name(request), path="/", secure=request.url.scheme == "https", httponly=True
    )
    return response
