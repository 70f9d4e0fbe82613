"""Published capture histories the estimation tests reproduce."""

from __future__ import annotations

from docket.estimation import CaptureHistories

# Kosovo 1999 (Ball et al. 2002, report to the ICTY): pattern order EXH ABA OSCE HRW.
KOSOVO_LISTS = ("EXH", "ABA", "OSCE", "HRW")
KOSOVO = {
    "0001": 306, "0010": 936, "0011": 123, "0100": 845, "0101": 31, "0110": 217, "0111": 32,
    "1000": 1131, "1001": 106, "1010": 228, "1011": 42, "1100": 177, "1101": 18, "1110": 181,
    "1111": 27,
}  # fmt: skip
KOSOVO_PUBLISHED = 10_356

# dga's test case (Madigan & York 1997): cell i of the R array is pattern i − 1 written in binary
# with the first list as the lowest bit.
DGA_Y = (0, 60, 49, 4, 247, 112, 142, 12)


def kosovo() -> CaptureHistories:
    return CaptureHistories.of(KOSOVO_LISTS, KOSOVO)


def kosovo_csv() -> str:
    rows = [",".join([*KOSOVO_LISTS, "count"])]
    rows += [",".join([*pattern, str(count)]) for pattern, count in KOSOVO.items()]
    return "\n".join(rows) + "\n"


def dga_case() -> CaptureHistories:
    counts = {}
    for index, count in enumerate(DGA_Y[1:], start=1):
        counts["".join(str(index >> bit & 1) for bit in range(3))] = count
    return CaptureHistories.of(("A", "B", "C"), counts)
