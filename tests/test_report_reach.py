"""Issue 23, item 7 on the laptop: the printed team report (PDF and workbook) carries the
team's rate of adults trained, each neighbourhood's, and the team's share of the year's
targets with its progress: the numbers the overview shows (desktop/store/reach.team_reach)."""

from __future__ import annotations

import io
import json
from datetime import date

from openpyxl import load_workbook

from desktop.printing import documents
from desktop.store import commands, queries, reach, syncdata
from desktop.store.store import Store
from sotay.domain.denominators import COMMUNE_KEY
from sotay.domain.periods import Period, PeriodKind
from sotay.words import number
from tests.helpers import DAY, result
from tests.test_printing import one_line, pages_text

MONTH = Period(PeriodKind.MONTH, DAY.year, DAY.month)


def percent_text(value: float | None) -> str:
    """As the commune's pages write a rate: 12,5%."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _counted(store: Store, first: int, second: int, commune_first: int | None = None) -> None:
    """Adults of the two neighbourhoods as the leader typed them, and what the commune sent
    with its last pull (its figure for the first, a count target of VNeID activations and a
    rate target of residents trained, one target per indicator as the commune sets them)."""
    r = result(store.read(queries.load_roster))
    a, b = r.neighbourhoods
    a.adults, a.counted_on = first, date(2026, 1, 10)
    b.adults, b.counted_on = second, date(2026, 1, 10)
    for n in (a, b):
        result(store.write(commands.save_neighbourhood, n, None))
    block = {
        "neighbourhoods": {}
        if commune_first is None
        else {a.id: {"adults": commune_first, "households": None, "counted_on": "2026-02-01"}},
        "targets": [
            {
                "code": "vneid_l2",
                "year": DAY.year,
                "value": 300,
                "unit": "count",
                "share": 120,
                "basis": "adults",
            },
            {
                "code": "trained",
                "year": DAY.year,
                "value": 20,
                "unit": "percent",
                "share": 20,
                "basis": "rate",
            },
        ],
    }
    result(store.write(syncdata.set_state, {COMMUNE_KEY: json.dumps(block)}))


def test_the_printed_report_carries_the_rate_and_the_targets_the_overview_shows(
    recorded: Store,
) -> None:
    """`recorded`: three residents trained in DAY's month, two in the first neighbourhood, one
    in the second. The commune's 60 adults win over the leader's 40 for the first."""
    _counted(recorded, 40, 4, commune_first=60)
    made = documents.report_document(recorded, MONTH)
    shown = result(recorded.read(reach.team_reach, MONTH, date.today()))
    assert (shown.whole.trained, shown.whole.adults) == (3, 64)  # the commune's 60 + 4
    by_code = {code: p for code, p, _basis in shown.targets}
    count, rate = by_code["vneid_l2"], by_code["trained"]
    assert (count.value, count.target, rate.target) == (1, 120, 20)  # one VNeID help done

    whole = one_line(" ".join(pages_text(made.pdf)))
    assert "V. Tỷ lệ người dân được tập huấn trên số người lớn" in whole
    assert f"Tỷ lệ người lớn được tập huấn của tổ: {percent_text(shown.whole.rate)}" in whole
    assert "(3/64 người lớn; 2/2 khu phố đã có số người lớn)" in whole
    assert "4,7%" in whole  # 3 / 64, with a decimal comma as the pages write it
    for r in shown.rows:  # weakest first, each with the figure used and its rate
        adults = number(r.adults)
        source = "xã/phường" if r.by_commune else "tổ"
        name = f"{r.name} (yếu)" if r.weak else r.name
        assert f"{name} {adults} {source} {r.trained} {percent_text(r.rate)}" in whole
    assert shown.rows[0].weak  # 3,3 % is below the target rate of 20 %
    assert whole.index(shown.rows[0].name + " ") < whole.index(shown.rows[1].name + " ")
    assert f"VI. Chỉ tiêu năm {DAY.year} (phần của tổ)" in whole
    # The count target: 1 of the team's 120; the rate target: the year's rate against 20 %.
    assert f"120 1 {percent_text(count.percent)} Chậm tiến độ" in whole
    assert f"20,0% {percent_text(rate.value)} {percent_text(rate.percent)}" in whole
    assert "Chậm tiến độ" in whole

    book = load_workbook(io.BytesIO(made.xlsx or b""))
    ws = book["Tỷ lệ và chỉ tiêu"]
    values = list(ws.iter_rows(values_only=True))
    assert values[2][0] == one_line(
        f"Tỷ lệ người lớn được tập huấn của tổ: {percent_text(shown.whole.rate)}"
        " (3/64 người lớn; 2/2 khu phố đã có số người lớn)."
    )
    table = values[4 : 4 + len(shown.rows)]
    assert [(name, adults, trained, rate_) for name, adults, _s, trained, rate_, *_ in table] == [
        (r.name + (" (yếu)" if r.weak else ""), r.adults, r.trained, round(r.rate or 0, 1))
        for r in shown.rows
    ]
    targets = {row[0]: row for row in values if row[0] in by_code}
    assert targets["vneid_l2"][2:7] == ("số lượng", 120, 1, round(count.percent or 0, 1),
                                        "Chậm tiến độ")  # fmt: skip
    assert targets["trained"][2:5] == ("%", 20, round(rate.value or 0, 1))


def test_with_no_adults_and_no_target_the_report_says_so_in_one_line(recorded: Store) -> None:
    made = documents.report_document(recorded, MONTH)
    whole = one_line(" ".join(pages_text(made.pdf)))
    assert "Tỷ lệ người lớn được tập huấn: chưa tính được vì chưa nhập số người lớn" in whole
    assert f"Trên máy chưa có chỉ tiêu năm {DAY.year} của xã/phường" in whole
    assert "0,0%" not in whole and "Chậm tiến độ" not in whole  # never a 0 % that looks real
    values = list(load_workbook(io.BytesIO(made.xlsx or b""))["Tỷ lệ và chỉ tiêu"].values)
    assert str(values[2][0]).startswith("Tỷ lệ người lớn được tập huấn: chưa tính được")
    assert all(row[4] is None for row in values[4:6])  # no rate where it cannot be known
    assert str(values[-1][0]).startswith(f"Trên máy chưa có chỉ tiêu năm {DAY.year}")
