"""The app's updates for an enrolled laptop (issue 20): which release the commune offers
(/v1/app/latest), and its installer's bytes in resumable ranges (/v1/app/file/...). Both carry
the device token, as the sync calls do (central/deps.py, Device).

The laptop checks the signed size, hash and signature itself, against the keys the app carries,
before it runs anything: what is served here is trusted by no one for being served."""

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import FileResponse, JSONResponse, Response

from central import releases
from central.deps import Device, ServiceDep
from central.errors import ApiError, declared
from central.limits import CappedRoute
from central.models import ReleaseOut
from sotay.releases import WINDOWS

log = logging.getLogger("central")

router = APIRouter(route_class=CappedRoute)

Platform = Annotated[str, Query(pattern=releases.PLATFORM, max_length=40)]
# One range, `bytes=START-` or `bytes=START-END`: what a laptop asks for (at most 256 KiB at a
# time). Suffix ranges and lists of ranges are refused (422) rather than half supported.
RANGE = r"^bytes=\d{1,15}-\d{0,15}$"
OCTETS = "application/octet-stream"  # left out of the gzip middleware (central/main.py)
BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/v1/app/latest",
    response_model=ReleaseOut,
    responses={
        204: {"description": "The commune offers no release for this platform"},
        **declared(401, 422, 429),
    },
)
def latest(who: Device, service: ServiceDep, platform: Platform = WINDOWS) -> Response:
    with service.current.connect() as conn:
        found = releases.offered(conn, platform)
    if found is None:
        return Response(status_code=204)
    body: dict[str, Any] = {"server_id": service.server_id, **found.as_json()}
    return JSONResponse(body)


@router.get(
    "/v1/app/file/{platform}/{version}",
    response_class=Response,
    responses={
        200: {"description": "The whole installer", "content": {OCTETS: BINARY}},
        206: {
            "description": "The range asked for",
            "content": {OCTETS: BINARY},
            "headers": {
                "Content-Range": {
                    "description": "bytes START-END/SIZE",
                    "schema": {"type": "string"},
                }
            },
        },
        **declared(401, 404, 416, 422, 429),
    },
)
def download(
    who: Device,
    service: ServiceDep,
    platform: Annotated[str, Path(pattern=releases.PLATFORM, max_length=40)],
    version: Annotated[str, Path(pattern=releases.VERSION, max_length=24)],
    byte_range: Annotated[
        str,
        Header(
            alias="range",
            pattern=RANGE,
            description="bytes=START- or bytes=START-END (one range): answered 206",
        ),
    ] = "",  # none (not `None`: the schema would offer "null" as a header's text)
) -> Response:
    """The installer of an offered release; a held or unknown one is 404, as is a file gone
    from the data folder (logged: the release must be published again)."""
    with service.current.connect() as conn:
        found = releases.find(conn, platform, version)
    if found is None or found.state != releases.OFFERED:
        raise ApiError(404, "not_found", "no such release offered")
    path = releases.file_path(service.config, found.release.sha256)
    try:
        stat = path.stat()
    except FileNotFoundError:
        log.error("release %s %s: its file %s is missing", platform, version, path)
        raise ApiError(404, "not_found", "the release's file is missing") from None
    if byte_range:
        # Answered here, as JSON, what Starlette would answer in plain text: a start beyond the
        # end (416, with the size as RFC 9110 asks) or an end before the start.
        start, _, end = byte_range.removeprefix("bytes=").partition("-")
        if int(start) >= stat.st_size or (end and int(end) < int(start)):
            raise ApiError(
                416,
                "range_not_satisfiable",
                f"the file has {stat.st_size} bytes",
                {"Content-Range": f"bytes */{stat.st_size}"},
            )
    # Starlette's FileResponse answers the range itself: 206, Content-Range, Accept-Ranges, an
    # end beyond the file cut to its end, read in 64 KiB pieces (never the whole file at once).
    return FileResponse(path, media_type=OCTETS, stat_result=stat)
