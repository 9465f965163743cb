"""Builds coverage_figures.json from the figures below (run: `python coverage/data/build_figures.py`).

See README.md beside this file for where each figure comes from and how sure we are of it.
"""

import json
from pathlib import Path

# Population of the 34 provinces after the 2025 merger, by province code (participants.Province). Secondary
# source: the list "Danh sách 34 tỉnh thành mới sau sáp nhập theo dân số" of tinbds.com, which gives
# exact counts for the merged provinces (the figures of the National Assembly's Resolution 202/2025/QH15, which
# include temporary residents) and the GSO's 2024 average population, rounded to hundreds, for the provinces
# the merger left as they were.
POPULATION = {
    "79": 14_002_598, "01": 8_587_100, "91": 4_952_238, "31": 4_664_124, "75": 4_491_408, "37": 4_412_264,
    "82": 4_370_046, "86": 4_257_581, "92": 4_199_824, "25": 4_022_638, "68": 3_872_999, "38": 3_739_500,
    "24": 3_619_433, "52": 3_583_693, "33": 3_567_943, "40": 3_442_000, "66": 3_346_853, "80": 3_254_170,
    "48": 3_065_628, "96": 2_606_672, "56": 2_243_554, "51": 2_161_755, "44": 1_870_845, "08": 1_865_270,
    "19": 1_799_489, "15": 1_778_785, "22": 1_381_200, "42": 1_323_700, "14": 1_313_300, "46": 1_166_500,
    "20": 807_300, "11": 646_200, "04": 547_900, "12": 489_300,
}  # fmt: skip
MERGED = {"08", "15", "19", "24", "25", "31", "33", "37", "44", "48", "51", "52", "56", "66", "68", "75", "79", "80",
          "82", "86", "91", "92", "96"}  # fmt: skip

# GSO: labour force aged 15 and over, Q4/2024 (reported by baodantoc.vn, "Năm 2024 cả nước có hơn 1 triệu lao
# động thất nghiệp"). No per-province figure for the 34 provinces was found, so each province's share of it is
# estimated by its share of the population above, rounded to the thousand.
NATIONAL_LABOUR_FORCE = 53_200_000
FROM = "2024-01-01"

POPULATION_SOURCE_MERGED = "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com"
POPULATION_SOURCE_KEPT = "GSO, average population 2024 (statistical yearbook), via tinbds.com"
LABOUR_SOURCE = "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population"

TARGETS = [
    # (scheme, percent, deadline year, from, to, source, mark, note)
    ("si", 35.0, 2021, "2018-05-23", "2021-12-31", "Resolution 28-NQ/TW of 23/05/2018, section II.2", "C2", ""),
    ("si", 45.0, 2025, "2022-01-01", "2025-12-31", "Resolution 28-NQ/TW of 23/05/2018, section II.2", "C2", ""),
    ("si", 60.0, 2030, "2026-01-01", None, "Resolution 28-NQ/TW of 23/05/2018, section II.2", "C2", ""),
    ("ui", 28.0, 2021, "2018-05-23", "2021-12-31", "Resolution 28-NQ/TW of 23/05/2018, section II.2", "C2", ""),
    ("ui", 35.0, 2025, "2022-01-01", "2025-12-31", "Resolution 28-NQ/TW of 23/05/2018, section II.2", "C2", ""),
    ("ui", 45.0, 2030, "2026-01-01", None, "Resolution 28-NQ/TW of 23/05/2018, section II.2", "C2", ""),
    ("hi", 95.0, 2025, "2017-10-25", "2025-12-31", "Resolution 20-NQ/TW of 25/10/2017", "C2", ""),
    ("hi", 95.0, 2026, "2026-01-01", "2026-12-31", "Resolution 72-NQ/TW of 09/09/2025", "C2", "over 95 % by 2026"),
    ("hi", 100.0, 2030, "2027-01-01", None, "Resolution 72-NQ/TW of 09/09/2025", "C2", "universal coverage by 2030"),
]
SI_NOTE = (
    "Resolution 28 measures against the working-age labour force; this project divides by the labour force aged "
    "15 and over (the GSO figure that exists), so its rates are slightly lower than the Resolution's."
)


def build() -> dict:
    total = sum(POPULATION.values())
    figures = []
    for code, people in sorted(POPULATION.items()):
        merged = code in MERGED
        figures.append({
            "province": code, "measure": "population", "effective_from": FROM, "value": people,
            "source": POPULATION_SOURCE_MERGED if merged else POPULATION_SOURCE_KEPT, "mark": "C2",
            "note": "includes temporary residents" if merged else "",
        })  # fmt: skip
        labour = int(round(NATIONAL_LABOUR_FORCE * people / total, -3))
        figures.append({
            "province": code, "measure": "labour_force", "effective_from": FROM, "value": labour,
            "source": LABOUR_SOURCE, "mark": "E",
            "note": f"estimate: 53,200,000 x {people:,} / {total:,} (the province's share of the population)",
        })  # fmt: skip
    targets = [
        {"scheme": s, "percent": p, "deadline_year": y, "effective_from": f, "effective_to": t, "source": src,
         "mark": m, "note": note or (SI_NOTE if s in {"si", "ui"} else "")}
        for s, p, y, f, t, src, m, note in TARGETS
    ]  # fmt: skip
    return {"schema": 1, "description": "See coverage/data/README.md.", "figures": figures, "targets": targets}


if __name__ == "__main__":
    out = Path(__file__).with_name("coverage_figures.json")
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
