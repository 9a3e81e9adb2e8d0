"""The admin command line of the central service, for the commune's IT person.

    python -m central serve                      # the service, on 127.0.0.1:8700
    python -m central team add --commune 4 --name "Tổ CNSCĐ khu phố 3"
    python -m central team list
    python -m central code TEAM_ID               # a one-time enrolment code for a laptop
    python -m central devices TEAM_ID            # the team's laptops
    python -m central revoke DEVICE_ID           # a lost or stolen laptop
    python -m central catalogue --commune 4 --kind topic --name "Chữ ký số"   # to every team
    python -m central catalogue --commune 4 --kind service --name "VNeID" --code vneid_l2
    python -m central after-restore              # once, after restoring a backup of the data
                                                 # (serve and the laptops notice it if forgotten)
    python -m central account add lan --commune 4 --name "Nguyễn Thị Lan" --admin
    python -m central account add tinh --province 1 --name "Sở KH&CN"   # a province account
    python -m central account list | password USER | disable USER
    python -m central account token USER         # an API token for the figures' feed (shown once)
    python -m central account token USER --revoke   # end the account's tokens
    python -m central account tokens             # every token: its account, issued, last used
    python -m central release publish SoTayCNS-0.2.0-setup.exe [--hold]   # a signed installer
    python -m central release list | hold VERSION | offer VERSION | rollback

`--data-dir DIR` (default ./central-data, or $SOTAY_CENTRAL_DATA) holds the SQLite database;
`--database-url postgresql+psycopg://...` (or $SOTAY_CENTRAL_DB) uses PostgreSQL instead.
`--release-keys FILE` (or $SOTAY_CENTRAL_RELEASE_KEYS): release public keys trusted besides the
build's own (tests, a test server).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from central.config import Config
from sotay.domain.standard import ITEM_CODES, valid_item_code
from sotay.protocol import format_code
from sotay.releases import WINDOWS

if TYPE_CHECKING:
    from sqlalchemy import Engine


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m central", description="Sổ tay CNS central service")
    p.add_argument("--data-dir", help="folder of the SQLite database (default ./central-data)")
    p.add_argument("--database-url", help="e.g. postgresql+psycopg://user@host/db")
    p.add_argument(
        "--read-database-url",
        help="a read replica of that PostgreSQL for the dashboard's pages (or"
        " $SOTAY_CENTRAL_READ_DB)",
    )
    p.add_argument(
        "--release-keys",
        help="a file of release public keys trusted besides the build's own (or"
        " $SOTAY_CENTRAL_RELEASE_KEYS): for tests and test servers",
    )
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to serve the commune's LAN")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a reverse proxy whose X-Forwarded-For/-Proto headers are believed (repeatable;"
        " e.g. 127.0.0.1 for nginx on this machine). None by default: anyone can send them",
    )
    sub.add_parser("migrate", help="create or upgrade the database, then exit")
    sub.add_parser(
        "after-restore",
        help="run once after restoring the database from a backup: the laptops then restore "
        "from it and send again what it lacks",
    )
    team = sub.add_parser("team", help="teams").add_subparsers(dest="action", required=True)
    add = team.add_parser("add", help="add a team")
    add.add_argument("--commune", type=int, required=True, help="official commune code")
    add.add_argument("--name", required=True, help="the team's name")
    add.add_argument(
        "--id",
        help="the team's id on a server replaced without its data (shown by `team list` there,"
        " and in the laptop's About box)",
    )
    team.add_parser("list", help="every team, with its number of laptops")
    code = sub.add_parser("code", help="issue a one-time enrolment code for a team's laptop")
    code.add_argument("team_id")
    code.add_argument("--days", type=int, default=7, help="valid for this many days (7)")
    cat = sub.add_parser(
        "catalogue", help="a training topic or help service for every team of a commune"
    )
    cat.add_argument("--commune", type=int, required=True, help="official commune code")
    cat.add_argument("--kind", choices=("topic", "service"), required=True)
    cat.add_argument("--name", required=True)
    cat.add_argument("--retire", action="store_true", help="no longer offered (kept in records)")
    cat.add_argument(
        "--code",
        choices=sorted({c for codes in ITEM_CODES.values() for c in codes}),
        help="the standard indicator it counts for (a topic's or a service's)",
    )
    acc = sub.add_parser("account", help="dashboard accounts of the commune and province")
    acc_sub = acc.add_subparsers(dest="action", required=True)
    acc_add = acc_sub.add_parser("add", help="a new account (asks for its password)")
    acc_add.add_argument("username")
    acc_add.add_argument("--name", default="", help="the person's full name")
    where = acc_add.add_mutually_exclusive_group(required=True)
    where.add_argument("--commune", type=int, help="sees this commune's teams")
    where.add_argument("--province", type=int, help="sees every commune of this province")
    acc_add.add_argument("--admin", action="store_true", help="may add teams, codes, accounts")
    acc_add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    acc_pw = acc_sub.add_parser("password", help="set a new password (ends its sessions)")
    acc_pw.add_argument("username")
    acc_pw.add_argument("--password-stdin", action="store_true")
    acc_sub.add_parser("list", help="every account")
    acc_off = acc_sub.add_parser("disable", help="the account can no longer sign in")
    acc_off.add_argument("username")
    acc_tok = acc_sub.add_parser(
        "token",
        help="an API token for the figures' feed (GET /v1/feed/figures), shown once: it reads"
        " what the account sees on the pages",
    )
    acc_tok.add_argument("username")
    acc_tok.add_argument("--revoke", action="store_true", help="end every token of the account")
    acc_sub.add_parser("tokens", help="every API token (never the token itself)")
    devices = sub.add_parser("devices", help="a team's laptops")
    devices.add_argument("team_id")
    revoke = sub.add_parser("revoke", help="revoke a laptop: it can no longer sync")
    revoke.add_argument("device_id")
    rel = sub.add_parser("release", help="the app's installers offered to the laptops")
    rel_sub = rel.add_subparsers(dest="action", required=True)
    pub = rel_sub.add_parser("publish", help="check a signed installer and offer it")
    pub.add_argument("file", type=Path, help="the installer, e.g. SoTayCNS-0.2.0-setup.exe")
    pub.add_argument("--manifest", type=Path, help="its signed manifest (FILE.release.json)")
    pub.add_argument("--hold", action="store_true", help="store it, but do not offer it yet")
    for action, text in (
        ("list", "every release, newest first"),
        ("hold", "stop offering a version (laptops that took it keep it)"),
        ("offer", "offer a version again"),
        ("rollback", "hold the version offered now: the one before it is offered again"),
    ):
        one = rel_sub.add_parser(action, help=text)
        if action in ("hold", "offer"):
            one.add_argument("version")
        one.add_argument("--platform", default=WINDOWS, help=f"({WINDOWS})")
    return p.parse_args(argv)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    config = Config.load(
        args.data_dir, args.database_url, args.read_database_url, args.release_keys
    )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # it names each step at INFO
    from central import db, teams

    writer, current = db.open_database(config)
    if args.command == "migrate":
        print("database ready:", db.server_id(writer))
        return 0
    if args.command == "serve":
        import uvicorn

        from central import restored
        from central.main import create_app

        behind = restored.check_at_start(writer, config.data_dir)
        if behind:
            # The database is older than this service last saw it: restored from a backup
            # without `after-restore`. Done now, as that command does it.
            logging.getLogger("central").warning(
                "the database is behind this service's high-water mark: %s", behind
            )
            print(
                "  the database is behind what this service last wrote (restored from a"
                f" backup?): {len(behind)} teams behind; done what `after-restore` does, their"
                " laptops restore and send again what the backup lacks",
                flush=True,
            )
        app = create_app(config, writer, current, db.open_figures(config, current))
        print(f"Sổ tay CNS central service on http://{args.host}:{args.port}", flush=True)
        print(f"  the dashboard: http://{args.host}:{args.port}/", flush=True)
        from sqlalchemy import func, select

        from central import tables

        with current.connect() as conn:
            accounts = conn.scalar(select(func.count()).select_from(tables.account))
        if not accounts:
            print(
                "  no dashboard account yet: python -m central account add NAME"
                " --commune CODE --admin",
                flush=True,
            )
        proxies = args.proxy or config.proxies
        if proxies:
            print(f"  believing forwarded headers from {', '.join(proxies)}", flush=True)
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: then each made-up
        # header was a new address to the brakes on codes and logins. Only named proxies count.
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level="info",
            proxy_headers=bool(proxies),
            forwarded_allow_ips=",".join(proxies) if proxies else "",
        )
        return 0
    if args.command == "after-restore":
        with writer.begin() as conn:
            count = teams.new_epochs(conn)
        print(f"{count} teams: their laptops will restore and resend what the backup lacks")
        return 0
    if args.command == "team" and args.action == "add":
        try:
            with writer.begin() as conn:
                info = teams.add_team(conn, args.commune, args.name, args.id)
        except teams.UnknownCommune:
            print(
                f"Không có xã/phường mã {args.commune} (no commune with this code)", file=sys.stderr
            )
            return 2
        print(f"team {info.id}\n  {info.name}\n  {info.commune_name}, {info.province_name}")
        return 0
    if args.command == "team" and args.action == "list":
        with writer.connect() as conn:
            for t in teams.list_teams(conn):
                print(f"{t['id']}  {t['commune_name']:<24} {t['name']}  ({t['devices']} laptops)")
        return 0
    if args.command == "code":
        try:
            with writer.begin() as conn:
                code, expires = teams.issue_code(conn, args.team_id, args.days)
        except LookupError:
            print(f"no team {args.team_id}", file=sys.stderr)
            return 2
        print(f"enrolment code: {format_code(code)}   (one use, until {_when(expires)})")
        return 0
    if args.command == "catalogue":
        if not valid_item_code(args.kind, args.code):
            print(f"{args.code} is not the code of a {args.kind}", file=sys.stderr)
            return 2
        with writer.begin() as conn:
            count = teams.publish_catalogue_item(
                conn, args.commune, args.kind, args.name, active=not args.retire, code=args.code
            )
        print(f"{count} teams of commune {args.commune} receive it at their next sync")
        return 0
    if args.command == "account":
        return account_command(args, writer)
    if args.command == "release":
        return release_command(args, config, writer)
    if args.command == "devices":
        with writer.connect() as conn:
            rows = teams.list_devices(conn, args.team_id)
        for d in rows:
            state = f"revoked {_when(d['revoked_at'])}" if d["revoked_at"] else "active"
            print(
                f"{d['id']}  {d['name'] or '-':<20} enrolled {_when(d['enrolled_at'])}"
                f"  last push {_when(d['last_push_at'])}  {state}"
            )
        if not rows:
            print("no laptops")
        return 0
    if args.command == "revoke":
        with writer.begin() as conn:
            done = teams.revoke(conn, args.device_id)
        print("revoked" if done else f"no active laptop {args.device_id}")
        return 0 if done else 2
    return 2


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Mật khẩu (password): ")
    if getpass.getpass("Nhập lại (again): ") != first:
        raise SystemExit("Hai lần nhập khác nhau (the two entries differ)")
    return first


def account_command(args: argparse.Namespace, writer: Engine) -> int:
    from central.web import accounts

    if args.action == "list":
        with writer.connect() as conn:
            for a in accounts.list_accounts(conn):
                where = (
                    f"commune {a['commune_code']}"
                    if a["scope"] == "commune"
                    else f"province {a['province_code']}"
                )
                state = "disabled" if a["disabled_at"] else "active"
                admin = " admin" if a["admin"] else ""
                print(f"{a['username']:<24} {where:<16}{admin:<7} {state}  {a['full_name']}")
        return 0
    if args.action in ("token", "tokens"):
        return token_command(args, writer)
    if args.action == "disable":
        with writer.begin() as conn:
            done = accounts.disable(conn, args.username)
        print("disabled" if done else f"no account {args.username}")
        return 0 if done else 2
    try:
        password = _password(args.password_stdin)
        with writer.begin() as conn:
            if args.action == "password":
                if not accounts.set_password(conn, args.username, password):
                    print(f"no account {args.username}", file=sys.stderr)
                    return 2
                print("password changed; the account's sessions are over")
                return 0
            made = accounts.create(
                conn,
                args.username,
                args.name,
                password,
                commune_code=args.commune,
                province_code=args.province,
                admin=args.admin,
            )
    except accounts.AccountProblem as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"account {made.username} ({made.scope}{', admin' if made.admin else ''})")
    return 0


def token_command(args: argparse.Namespace, writer: Engine) -> int:
    from central import apitokens

    if args.action == "tokens":
        with writer.connect() as conn:
            rows = apitokens.listed(conn)
        for t in rows:
            where = (
                f"commune {t['commune_code']}"
                if t["scope"] == "commune"
                else f"province {t['province_code']}"
            )
            state = f"revoked {_when(t['revoked_at'])}" if t["revoked_at"] else "active"
            # The hash's head tells tokens apart; the token itself was never kept.
            print(
                f"{t['username']:<24} {where:<16} {t['token_hash'][:8]}  issued"
                f" {_when(t['created_at'])}  last used {_when(t['last_used_at'])}  {state}"
            )
        if not rows:
            print("no API tokens")
        return 0
    if args.revoke:
        with writer.begin() as conn:
            count = apitokens.revoke(conn, args.username)
        if count is None:
            print(f"no account {args.username}", file=sys.stderr)
            return 2
        print(f"{count} tokens of {args.username} revoked: the feed answers them 401")
        return 0
    with writer.begin() as conn:
        token = apitokens.issue(conn, args.username)
    if token is None:
        print(f"no account {args.username}", file=sys.stderr)
        return 2
    print(token)  # alone on standard output, for a script; the rest goes to standard error
    print(
        f"  the API token of {args.username}, shown this once: send it as"
        " `Authorization: Bearer TOKEN` to GET /v1/feed/figures",
        file=sys.stderr,
    )
    return 0


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size} bytes"


def release_command(args: argparse.Namespace, config: Config, writer: Engine) -> int:
    from central import releases
    from sotay.releases import BadRelease, manifest_path, read_manifest

    if args.action == "publish":
        manifest = args.manifest or manifest_path(args.file)
        try:
            release = read_manifest(manifest)
            with args.file.open("rb") as source:
                stored, new = releases.publish(
                    config,
                    source,
                    release,
                    "command line",
                    current=writer,
                    writing=writer.begin,
                    hold=args.hold,
                )
        except BadRelease as exc:
            print(f"refused: {releases.refusal(exc)}", file=sys.stderr)
            return 2
        except releases.Conflict as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"refused: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
            return 2
        r = stored.release
        if not new:
            print(f"{r.platform} {r.version} was published already, the same file: no change")
            return 0
        print(
            f"published {r.platform} {r.version}: {_size(r.size)}, SHA-256 {r.sha256[:16]}…,"
            f" signed by key {stored.key_id}"
        )
        print(
            f"  held: offer it with `release offer {r.version}`"
            if stored.state == releases.HELD
            else "  offered: laptops learn of it at their next sync"
        )
        return 0
    with writer.begin() as conn:
        if args.action == "list":
            rows = releases.listed(conn, args.platform)
            now = releases.offered(conn, args.platform)
            for s in rows:
                r = s.release
                mark = "  <- offered to the laptops" if s == now else ""
                print(
                    f"{r.version:<12} {s.state:<8} {_size(r.size):>12}  {_when(s.published_at)}"
                    f"  {s.published_by}  key {s.key_id}{mark}"
                )
            if not rows:
                print(f"no release for {args.platform}")
            return 0
        if args.action in ("hold", "offer"):
            state = releases.HELD if args.action == "hold" else releases.OFFERED
            if not releases.set_state(conn, args.platform, args.version, state):
                print(f"no release {args.version} for {args.platform}", file=sys.stderr)
                return 2
            now = releases.offered(conn, args.platform)
        else:
            held, now = releases.rollback(conn, args.platform)
            if held is None:
                print(f"nothing is offered for {args.platform}: nothing to roll back")
                return 2
            print(f"{held.release.version} held")
    print(
        f"now offered: {now.release.version}"
        if now is not None
        else f"now offered: nothing (laptops keep what they run) for {args.platform}"
    )
    return 0
