"""The bodies of the laptops' API (/v1/...): what each call takes and answers, as its OpenAPI
schema (/v1/openapi.json) gives them."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from sotay.protocol import BATCH_CHANGES, FETCH_LIMIT, MAX_VERSION

RecordId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f-]{1,36}$")]


def now_text() -> str:
    """The server's time in an answer's `time`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TeamOut(BaseModel):
    id: str
    name: str
    province_code: int
    province_name: str
    commune_code: int
    commune_name: str


class PingOut(BaseModel):
    server_id: str
    api_version: int
    time: str


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, StringConstraints(max_length=40)]


class EnrolIn(CodeIn):
    device_name: Annotated[str, StringConstraints(max_length=100)] = ""
    app_version: Annotated[str, StringConstraints(max_length=40)] = ""
    # The laptop's own random key: sent again with the same code, it gets the same device
    # (the first answer was lost on the way). Older laptops send none.
    key: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")] | None = None


class CheckOut(BaseModel):
    server_id: str
    team: TeamOut


class EnrolOut(BaseModel):
    server_id: str
    device_id: str
    token: str
    team: TeamOut
    time: str


class MeOut(BaseModel):
    server_id: str
    device_id: str
    team: TeamOut
    last_seq: int
    time: str


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # At most 2**53 - 1: an integer every JSON parser reads exactly (a bound of 2**62 reached
    # the fuzzer as the float 4.611686018427388e18, and came back as a larger integer).
    seq: Annotated[int, Field(ge=1, le=2**53 - 1)]
    entity: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,20}$")]
    id: RecordId
    op: Literal["upsert", "delete"]
    # Any version a 32-bit column holds: a version the server holds (even one a bad base_version
    # gave before the ingest refused those) must never fail a whole batch with a 422. Too high a
    # base is refused by the ingest, for its own change alone.
    base_version: Annotated[int, Field(ge=0, le=MAX_VERSION)] = 0
    payload: dict[str, Any]

    @field_validator("seq", "base_version", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        # pydantic's lax mode reads `true` as 1 and "1" as 1 (the fuzzer's "seq": true was taken
        # as change 1); strict mode is not the answer: JSON Schema's integer includes 5.0.
        if isinstance(value, bool):
            raise ValueError("a number is expected, not true/false")
        if isinstance(value, str):
            raise ValueError("a number is expected, not text in quotes")
        return value


class PushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Echoed in the X-Sotay-Batch header: printable ASCII only (any other character made the
    # answer fail with a 500 once the receipts were committed).
    batch_id: Annotated[str, StringConstraints(pattern=r"^[!-~]{1,64}$")]
    changes: Annotated[list[ChangeIn], Field(max_length=BATCH_CHANGES * 4)]


class ReceiptOut(BaseModel):
    seq: int
    status: Literal["accepted", "duplicate", "conflict", "rejected"]
    version: int | None = None
    code: str | None = None
    message: str | None = None
    server: dict[str, Any] | None = None


class PushOut(BaseModel):
    server_id: str
    batch_id: str
    last_seq: int
    receipts: list[ReceiptOut]


class RecordOut(BaseModel):
    entity: str
    id: str
    version: int
    deleted: bool
    payload: dict[str, Any]


class PullOut(BaseModel):
    server_id: str
    cursor: str
    more: bool
    time: str
    records: list[RecordOut]
    # With the last page: the commune's figures for the team's neighbourhoods and the year's
    # targets with the team's share (central/denominators.py, pull_block). Older servers
    # send none.
    commune: dict[str, Any] | None = None


class RecordRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entity: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,20}$")]
    id: RecordId


class FetchIn(BaseModel):
    """POST /v1/records/fetch: records a laptop's check found referred to but missing."""

    model_config = ConfigDict(extra="forbid")
    records: Annotated[list[RecordRef], Field(min_length=1, max_length=FETCH_LIMIT)]


class FetchOut(BaseModel):
    server_id: str
    time: str
    records: list[RecordOut]  # those the server has (deleted ones too); the rest left out


class ReleaseOut(BaseModel):
    """GET /v1/app/latest: the offered release's signed manifest (sotay.releases.Release), the
    path of its file, and the server's id as in every answer."""

    server_id: str
    app: str
    version: str
    platform: str
    size: int
    sha256: str
    notes: str
    signature: str
    url: str
