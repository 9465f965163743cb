"""Legal references as a reader of the page's language writes them (ux.md: "Điều 64 Luật BHXH 2024").

The rules and the policy data cite in one English form ("Law 41/2024/QH15 Art. 64(1), Art. 98"). English
pages show that as it is; Vietnamese pages get the Vietnamese form, with the usual short names of the laws.
Explanations in brackets, written in English in the data, are left out of the Vietnamese form. A reference
this module does not recognise is shown unchanged rather than guessed at.
"""

import re

from django.utils.translation import get_language

# Laws by their number, as people in Vietnam name them.
LAW_NAMES = {
    "41/2024/QH15": "Luật BHXH 2024",
    "58/2014/QH13": "Luật BHXH 2014",
    "71/2006/QH11": "Luật BHXH 2006",
    "38/2013/QH13": "Luật Việc làm 2013",
    "74/2025/QH15": "Luật Việc làm 2025",
    "25/2008/QH12": "Luật BHYT 2008",
    "46/2014/QH13": "Luật sửa đổi Luật BHYT 2014",
    "51/2024/QH15": "Luật sửa đổi Luật BHYT 2024",
    "45/2019/QH14": "Bộ luật Lao động 2019",
    "113/2025/QH15": "Luật Dân số 2025",
    "84/2015/QH13": "Luật An toàn, vệ sinh lao động 2015",
}
DOCUMENT_KINDS = {
    "Decree": "Nghị định",
    "Circular": "Thông tư",
    "Resolution": "Nghị quyết",
    "Decision": "Quyết định",
    "Official Letter": "Công văn",
}

_LAW = re.compile(
    r"^(?P<name>HI Law|Law on Health Insurance|Population Law|Labour Code|Law on Employment|Law)"
    r"\s*(?P<number>\d+/\d{4}/QH\d+)?"
)
_KINDS = "|".join(DOCUMENT_KINDS)
_DOCUMENT = re.compile(
    rf"^(?P<kind>{_KINDS}) (?P<number>[\w/.-]+)(?: of (?P<date>\d{{2}}/\d{{2}}/\d{{4}})| \((?P<paren_date>\d{{2}}/\d{{2}}/\d{{4}})\))?"
)
# A document named inside English prose ("half-year rounding per Decree 115/2015/NĐ-CP").
_DOCUMENT_IN_PROSE = re.compile(rf"\b(?:{_KINDS}) [\w/.-]+(?: Arts?\. [\w(),\s-]+)?$")
_ARTICLES = re.compile(r"Arts?\. ")
_BRACKETED = re.compile(r"\s*\((?![\dđa-z]\))[^()]*[A-Za-z]{3,}[^()]*\)")


def law_citation(text: str, language: str | None = None) -> str:
    """`text` in the active (or given) language; unchanged in English or when not recognised."""
    if not text or (language or get_language() or "vi")[:2] != "vi":
        return text
    return "; ".join(_segment_vi(part.strip()) for part in text.split(";") if part.strip())


def _segment_vi(segment: str) -> str:
    main, _sep, amended = segment.partition(" as amended by ")
    # "Law 58/2014/QH13 Art. 87(1), Law 41/2024/QH15 Art. 31(2)": two references in one segment.
    cited = ", ".join(_one_vi(part) for part in re.split(r", (?=(?:Law|Decree|Circular) )", main))
    if amended:
        cited += " được sửa đổi bởi " + _one_vi(amended)
    return cited


def _one_vi(text: str) -> str:
    text = _BRACKETED.sub("", text).strip()
    document, articles = _split_articles(text)
    name = _document_vi(document)
    if name is None:
        in_prose = _DOCUMENT_IN_PROSE.search(text)
        if in_prose is None or in_prose.start() == 0:
            return text
        return _one_vi(in_prose.group(0))
    if not articles:
        return name
    # "64(1), Art. 98" → "Điều 64(1), Điều 98"
    articles = _ARTICLES.sub("Điều ", articles)
    return f"Điều {articles} {name}"


def _split_articles(text: str) -> tuple[str, str]:
    found = _ARTICLES.search(text)
    if found is None:
        table = re.search(r" Table (\d+)$", text)
        if table:
            return text[: table.start()], ""
        return text, ""
    return text[: found.start()].strip(), text[found.end() :].strip()


def _document_vi(document: str) -> str | None:
    law = _LAW.match(document)
    if law and law.end() == len(document):
        number = law.group("number")
        if number in LAW_NAMES:
            return LAW_NAMES[number]
        if number is None and law.group("name") in ("HI Law", "Law on Health Insurance"):
            return "Luật BHYT"
        return None
    match = _DOCUMENT.match(document)
    if match and match.end() == len(document):
        name = f"{DOCUMENT_KINDS[match.group('kind')]} {match.group('number')}"
        day = match.group("date") or match.group("paren_date")
        if day:
            name += f" ngày {day}"
        return name
    return None
