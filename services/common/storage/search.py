"""Name search fit for Chinese (名称检索): a name's characters and bigrams kept beside it in an array field
(`grams`) with a multikey index, so a search reads only the records holding one of the query's grams and the
substring is then confirmed by a regex on those few. A name of one character is found by its character."""

from __future__ import annotations

import re

GRAMS = "name_grams"


def grams(text: str) -> list[str]:
    """Every character and every pair of neighbouring characters of `text`, lower-cased, each once, sorted."""
    text = text.lower()
    return sorted(set(text) | {text[i : i + 2] for i in range(len(text) - 1)})


def name_query(q: str, field: str = "name") -> dict:
    """Records whose `field` holds `q` (any case): the index finds those holding one gram of it (its last pair:
    names begin with a few common place names), the regex confirms the substring."""
    needle = q.lower()
    gram = needle[-2:] if len(needle) > 1 else needle
    return {GRAMS: gram, field: {"$regex": re.escape(q), "$options": "i"}}
