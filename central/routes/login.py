"""Signing in and out of the dashboard. The login form carries its own CSRF token (a cookie
before there is a session); a session is a fresh random cookie each time (central/web/
accounts.py), and wrong passwords are slowed per username and per address, never for a
browser where the account signed in before (central/web/accounts.py)."""

import hmac
import logging
import secrets
from datetime import datetime
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
    known_cookie_name,
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


WRONG = "Sai tên đăng nhập hoặc mật khẩu."


def locked_message(until: datetime) -> str:
    # Said for any name typed, existing or not: it tells no one which names exist.
    return (
        "Tên đăng nhập này vừa bị nhập sai mật khẩu nhiều lần, nên tạm khóa trên các máy lạ "
        f"đến {local_time(until)[-5:]}. Trên máy đã đăng nhập trước đây, mật khẩu đúng vẫn "
        "vào được; quản trị viên cũng có thể mở khóa."
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    service: ServiceDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    token: Annotated[str, Form(alias="login_token", max_length=100)] = "",
    next_: Annotated[str, Form(alias="next", max_length=500)] = "/",
) -> Response:
    browser = request.cookies.get(known_cookie_name(request), "")
    with service.current.connect() as conn:
        row = accounts.find_login(conn, username)
        known = accounts.known_browser(conn, browser, row.id if row is not None else None)
        locked = None if known else accounts.lock_of(conn, username)
    if not known:  # a browser where this account signed in is never slowed for others' guesses
        login_allowed(request, service)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        return login_form(
            request, 400, error="Trang đăng nhập đã cũ: hãy nhập lại.", username=username
        )
    if locked is not None:
        return login_form(request, 401, error=locked_message(locked), username=username)
    account, newer_hash = accounts.check_password(row, password)
    if account is None:
        if not known:
            service.failed_logins.take(address(request))
        with service.writing() as conn:
            until = accounts.count_failure(conn, username, browser if known else "")
        log.info("failed login from %s", address(request))
        message = locked_message(until) if until is not None else WRONG
        return login_form(request, 401, error=message, username=username)
    with service.writing() as conn:
        if not accounts.record_sign_in(conn, account, username, newer_hash, known):
            # an unknown browser's right password, after a parallel guess locked the name
            until = accounts.lock_of(conn, username) or accounts.utcnow()
            return login_form(request, 401, error=locked_message(until), username=username)
        accounts.forget_old_sessions(conn)
        cookie, _csrf = accounts.open_session(conn, account.id)
        old = request.cookies.get(cookie_name(request))
        if old:  # a session the browser had before is over
            accounts.close_session(conn, old)
        remembered = None if known else accounts.remember_browser(conn, account.id)
    response = RedirectResponse(safe_next(next_), status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(
        cookie_name(request), cookie, httponly=True, samesite="lax", secure=secure, path="/"
    )
    if remembered is not None:
        response.set_cookie(
            known_cookie_name(request),
            remembered,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
            max_age=int(accounts.KNOWN_FOR.total_seconds()),
        )
    response.delete_cookie(LOGIN_COOKIE)
    log.info("account %s signed in", account.id)
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
