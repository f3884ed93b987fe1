"""Print the time extract_figures takes on growing texts: reading must stay linear.

Run: .venv/bin/python benchmarks/bench_text.py
"""

import time

import par_analysis as pa

UNIT = ("Chỉ số PAR INDEX năm 2023 của tỉnh Nghệ An đạt 87,45%, xếp thứ 7/63, tăng 5 bậc so với "
        "năm 2022 (12/63). Có 1.234 hồ sơ trực tuyến, 98,5% đúng hạn.\n")


def main() -> None:
    pa.extract_figures(UNIT)  # compile the patterns once
    print(f"{'characters':>12} {'figures':>9} {'seconds':>9} {'us/char':>8}")
    for repeat in (100, 1_000, 10_000, 34_000):
        text = UNIT * repeat
        start = time.perf_counter()
        figures = pa.extract_figures(text)
        took = time.perf_counter() - start
        print(f"{len(text):>12,} {len(figures):>9,} {took:>9.2f} {1e6 * took / len(text):>8.2f}")


if __name__ == "__main__":
    main()
