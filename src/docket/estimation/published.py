"""Published capture histories that the methods are validated against (and that the tests,
benchmarks and docs use)."""

from __future__ import annotations

from .histories import CaptureHistories

# Kosovo 1999, killings documented by four projects (Ball et al. 2002, report to the ICTY):
# exhumations (EXH), the American Bar Association (ABA), the OSCE and Human Rights Watch (HRW).
KOSOVO_LISTS = ("EXH", "ABA", "OSCE", "HRW")
KOSOVO = {
    "0001": 306, "0010": 936, "0011": 123, "0100": 845, "0101": 31, "0110": 217, "0111": 32,
    "1000": 1131, "1001": 106, "1010": 228, "1011": 42, "1100": 177, "1101": 18, "1110": 181,
    "1111": 27,
}  # fmt: skip
# The published (stratified) estimate of the killings.
KOSOVO_PUBLISHED = 10_356

# dga's test case (Madigan & York 1997, three lists): cell i of the R array is pattern i − 1
# written in binary with the first list as the lowest bit.
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
