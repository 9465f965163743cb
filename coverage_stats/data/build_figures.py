"""Builds coverage_figures.json from the figures below (run: `python coverage_stats/data/build_figures.py`).

See README.md beside this file for where each figure comes from and how sure we are of it.

Population is kept per *former* province (the 63 before Resolution 202/2025/QH15) and added up in code into the
34 provinces by their `merged_from` (participants/migrations/0002_provinces.py), so a reader can check each sum.
A new province gets the GSO sum only when every one of its former provinces has a GSO 2024 figure below; until
then it keeps its earlier figure (Resolution 202/2025/QH15), with that source.
"""

import importlib.util
import json
from pathlib import Path

_PROVINCES_MIGRATION = Path(__file__).resolve().parents[2] / "participants" / "migrations" / "0002_provinces.py"


def _provinces() -> list[tuple[str, str, str, str]]:
    """(code, name, kind, merged_from) of the 34 provinces, from the data migration that loads them."""
    spec = importlib.util.spec_from_file_location("participants_0002_provinces", _PROVINCES_MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PROVINCES


# The former province each province the merger left unchanged was (its `merged_from` is empty).
UNCHANGED = {
    "01": "Hà Nội", "04": "Cao Bằng", "11": "Điện Biên", "12": "Lai Châu", "14": "Sơn La", "20": "Lạng Sơn",
    "22": "Quảng Ninh", "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "46": "Thừa Thiên Huế",
}  # fmt: skip


def former_provinces(code: str, merged_from: str) -> list[str]:
    """The former provinces (before 12/06/2025) that make up province `code`."""
    return [name.strip() for name in merged_from.split(",")] if merged_from else [UNCHANGED[code]]


# Sources of the GSO 2024 figures below (see README.md).
GSO_SUMMARY_2024 = (
    "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, "
    "as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)"
)
GSO_THANH_HOA_2024 = (
    "GSO average population 2024, stated by the head of the Thanh Hóa Statistics Office, "
    "baomoi.net.vn 'Dân số Thanh Hóa hiện nay bao nhiêu người?'"
)

# GSO average population 2024 of the former provinces (people): (value, mark, source, note). Only the former
# provinces for which a 2024 figure was found are here: 11 of 63. The yearbook summary gives thousands to one
# decimal, hence the round hundreds.
GSO_2024 = {
    "Hà Nội": (8_717_600, "C2", GSO_SUMMARY_2024, ""),
    "Cao Bằng": (558_500, "C2", GSO_SUMMARY_2024, ""),
    "Điện Biên": (
        656_700, "C2", GSO_SUMMARY_2024,
        "the Điện Biên Statistics Office's estimate for 2024 (thongkedienbien.gov.vn, socio-economic situation, "
        "first half of 2024) is 656,717",
    ),
    "Lai Châu": (495_500, "C2", GSO_SUMMARY_2024, ""),
    "Sơn La": (1_330_600, "C2", GSO_SUMMARY_2024, ""),
    "Lạng Sơn": (814_000, "C2", GSO_SUMMARY_2024, ""),
    "Quảng Ninh": (1_396_500, "C2", GSO_SUMMARY_2024, ""),
    "Thanh Hóa": (3_764_241, "C2", GSO_THANH_HOA_2024, "the yearbook summary gives 3,764.2 thousand"),
    "Nghệ An": (3_472_300, "C2", GSO_SUMMARY_2024, ""),
    "Hà Tĩnh": (1_329_800, "C2", GSO_SUMMARY_2024, ""),
    "Thừa Thiên Huế": (1_178_600, "C2", GSO_SUMMARY_2024, ""),
}  # fmt: skip

# Fallback for the provinces some of whose former provinces have no GSO 2024 figure above: the population
# Resolution 202/2025/QH15 (12/06/2025) gives for the new province, from the list "Danh sách 34 tỉnh thành mới
# sau sáp nhập theo dân số" (tinbds.com). It counts temporary residents too, so it is higher than the GSO's
# average population would be.
RESOLUTION_202 = {
    "79": 14_002_598, "91": 4_952_238, "31": 4_664_124, "75": 4_491_408, "37": 4_412_264, "82": 4_370_046,
    "86": 4_257_581, "92": 4_199_824, "25": 4_022_638, "68": 3_872_999, "24": 3_619_433, "52": 3_583_693,
    "33": 3_567_943, "66": 3_346_853, "80": 3_254_170, "48": 3_065_628, "96": 2_606_672, "56": 2_243_554,
    "51": 2_161_755, "44": 1_870_845, "08": 1_865_270, "19": 1_799_489, "15": 1_778_785,
}  # fmt: skip
RESOLUTION_202_SOURCE = "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com"


def population() -> dict[str, dict]:
    """Province code -> {"value", "source", "mark", "note"}: the GSO sum over the former provinces where all of
    them have a figure, else the Resolution 202 figure."""
    out = {}
    for code, _name, _kind, merged_from in _provinces():
        parts = former_provinces(code, merged_from)
        if all(part in GSO_2024 for part in parts):
            rows = {part: GSO_2024[part] for part in parts}
            marks = {mark for _value, mark, _source, _note in rows.values()}
            notes = [f"{part}: {note}" for part, (_value, _mark, _source, note) in rows.items() if note]
            if len(parts) > 1:
                notes.insert(0, "sum of " + " + ".join(f"{part} {row[0]:,}" for part, row in rows.items()))
            out[code] = {
                "value": sum(value for value, _mark, _source, _note in rows.values()),
                "source": "; ".join(sorted({source for _value, _mark, source, _note in rows.values()})),
                "mark": "E" if "E" in marks else ("C2" if "C2" in marks else "C"),
                "note": "; ".join(notes),
            }
        else:
            out[code] = {"value": RESOLUTION_202[code], "source": RESOLUTION_202_SOURCE, "mark": "C2",
                         "note": "includes temporary residents; no GSO 2024 figure found for all of: "
                         + ", ".join(parts)}  # fmt: skip
    return out


# GSO: labour force aged 15 and over, Q4/2024 (reported by baodantoc.vn, "Năm 2024 cả nước có hơn 1 triệu lao
# động thất nghiệp"). No per-province figure for the 34 provinces was found, so each province's share of it is
# estimated by its share of the population above, rounded to the thousand.
NATIONAL_LABOUR_FORCE = 53_200_000
FROM = "2024-01-01"

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
    people_by_code = population()
    total = sum(row["value"] for row in people_by_code.values())
    figures = []
    for code, row in sorted(people_by_code.items()):
        people = row["value"]
        figures.append({"province": code, "measure": "population", "effective_from": FROM, **row})
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
    return {"schema": 1, "description": "See coverage_stats/data/README.md.", "figures": figures, "targets": targets}


if __name__ == "__main__":
    out = Path(__file__).with_name("coverage_figures.json")
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
