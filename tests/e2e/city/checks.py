"""What every public page must be, checked in the browser: zh-CN with landmarks, labels and captions; no personal
data; as wide as a phone at most, its tables as cards there; and no ASCII word a person would have to read
(`ascii_words`: what is allowed is listed and checked, nothing else)."""

from __future__ import annotations

import re

#: what personal data looks like: resident ID numbers, mobile phone numbers, e-mail addresses
PERSONAL = (
    re.compile(r"(?<![0-9A-Za-z])\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX](?![0-9A-Za-z])"),
    re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])"),
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
)
#: the ASCII words a page may show: the names of file formats it offers or accepts and of the hash the draw audit names
ALLOWED_WORDS = frozenset({"CSV", "XLSX", "JSON", "SHA", "PDF", "JPEG", "PNG"})  # names of file formats
#: a grade is named by its letter ("A 级"), and a talent class of the city's talent policy by its own ("A类")
GRADE = re.compile(r"(?<![A-Za-z])([A-D](?= ?级)|[A-E](?=类))")
URL = re.compile(r"https?://\S+")
#: the codes a page may show beside the name of what they are (each in an element of class `code`)
CODES = (
    re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}"),  # a unified social credit code (GB 32100)
    re.compile(r"[a-z]{1,8}-[0-9a-f]{16}"),  # a record id the platform made (an expert request's)
    re.compile(r"[0-9a-f]{64}"),  # a SHA-256 digest (the draw's seed)
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"),  # a UTC time (the draw's public value)
    re.compile(r"RFC \d{4}"),  # a standard by its number (the chain's canonical JSON, RFC 8785)
    re.compile(r"python -m services\.credit\.verify https?://\S+( --expect \S+)?"),  # the chain's verify command
)
WORDS_JS = """() => {
  const attrs = [...document.querySelectorAll('[aria-label],[title],[alt],[placeholder]')]
    .flatMap(e => ['aria-label', 'title', 'alt', 'placeholder'].map(a => e.getAttribute(a)).filter(Boolean));
  const svg = [...document.querySelectorAll('svg title, svg desc')].map(e => e.textContent);
  return {text: [document.title, document.body.innerText, ...attrs, ...svg].join('\\n'),
          codes: [...document.querySelectorAll('.code')].map(e => e.innerText.trim())};
}"""


def accessible(page) -> None:
    """zh-CN, one h1, the landmarks, a caption on every table, a label on every form control."""
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("table").count() == page.locator("table > caption").count()
    unlabelled = page.locator("form input:not([type=hidden]), form select").evaluate_all(
        "els => els.filter(e => !e.closest('label') && !e.getAttribute('aria-label')).map(e => e.name)"
    )
    assert unlabelled == []


def no_personal_data(html: str, personal: list[str]) -> None:
    assert [p for p in personal if p in html] == []
    assert [m.group(0) for rx in PERSONAL for m in rx.finditer(html)] == []


def fits_a_phone(page) -> None:
    """No sideways scrolling; every table a stack of cards whose cells say their column; words at body size."""
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{page.url} is wider than a phone: {width}"
    cells = page.locator("main tbody td").evaluate_all(
        "tds => tds.map(td => [getComputedStyle(td.parentElement).display, td.dataset.label || ''])"
    )
    assert [c for c in cells if c[0] != "block" or not c[1]] == [], "a row is a card, each cell names its column"
    small = page.locator("main .bar-label, main .bar-value, main .y-axis, main .x-axis, main td").evaluate_all(
        "els => els.filter(e => parseFloat(getComputedStyle(e).fontSize) < 14).length"
    )
    assert small == 0, "chart labels and cells at body size"


def ascii_words(page, names: set[str]) -> list[str]:
    """The ASCII words on the page (its text, title, labels and chart descriptions) that are none of: a known name,
    a code of a known form shown in a `code` element, a URL, a grade or talent-class letter, or an allowed word."""
    found = page.evaluate(WORDS_JS)
    text = found["text"]
    for code in sorted(found["codes"], key=len, reverse=True):  # a code that begins another goes after it
        assert any(rx.fullmatch(code) for rx in CODES) or code in names, f"{code!r} is no code a page may show"
        text = text.replace(code, " ")
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = GRADE.sub(" ", URL.sub(" ", text))
    return sorted({w for w in re.findall(r"[A-Za-z]+", text) if w not in ALLOWED_WORDS})
