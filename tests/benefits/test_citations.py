"""Legal references in the reader's language: "Điều 64 Luật BHXH 2024" on Vietnamese pages (ux.md)."""

import json
import re

import pytest

from benefits.citations import law_citation
from benefits.rules.params import DEFAULT_PARAMETERS_PATH

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("source", "vietnamese"),
    [
        ("Law 41/2024/QH15 Art. 64", "Điều 64 Luật BHXH 2024"),
        ("Law 41/2024/QH15 Art. 64(1), Art. 98", "Điều 64(1), Điều 98 Luật BHXH 2024"),
        ("Law 74/2025/QH15 Art. 39(1)-(2)", "Điều 39(1)-(2) Luật Việc làm 2025"),
        ("Decree 293/2025/NĐ-CP Art. 3", "Điều 3 Nghị định 293/2025/NĐ-CP"),
        ("Decree 06/CP of 21/01/1997", "Nghị định 06/CP ngày 21/01/1997"),
        (
            "Labour Code 45/2019/QH14 Art. 139(1) as amended by Population Law 113/2025/QH15 Art. 29(1)",
            "Điều 139(1) Bộ luật Lao động 2019 được sửa đổi bởi Điều 29(1) Luật Dân số 2025",
        ),
        (
            "Law 41/2024/QH15 Art. 141(13) (equals the base salary of Decree 161/2026/NĐ-CP)",
            "Điều 141(13) Luật BHXH 2024",
        ),
        (
            "Law 58/2014/QH13 Art. 87(1), Law 41/2024/QH15 Art. 31(2); rural poverty line of Decree 07/2021/NĐ-CP",
            "Điều 87(1) Luật BHXH 2014, Điều 31(2) Luật BHXH 2024; Nghị định 07/2021/NĐ-CP",
        ),
        ("Something nobody wrote down", "Something nobody wrote down"),
    ],
)
def test_vietnamese_citations(source, vietnamese):
    assert law_citation(source, "vi") == vietnamese


def test_english_pages_keep_the_source_form():
    assert law_citation("Law 41/2024/QH15 Art. 64", "en") == "Law 41/2024/QH15 Art. 64"
    assert law_citation("", "vi") == ""


def test_every_source_in_the_policy_data_reads_in_vietnamese():
    sources = {row["source"] for row in json.loads(DEFAULT_PARAMETERS_PATH.read_text(encoding="utf-8"))["parameters"]}
    english = re.compile(r"\b(Law|Decree|Circular|Art|Arts|of|per|as amended)\b")
    left = {source: law_citation(source, "vi") for source in sources if english.search(law_citation(source, "vi"))}
    assert left == {}
