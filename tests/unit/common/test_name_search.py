"""The name search's grams: every character and neighbouring pair of a name, and the query naming one of them."""

from __future__ import annotations

from services.common.storage.search import GRAMS, grams, name_query


def test_grams_are_the_characters_and_pairs_lower_cased_once():
    assert grams("嘉兴AB嘉兴") == sorted({"嘉", "兴", "a", "b", "嘉兴", "兴a", "ab", "b嘉"})


def test_a_query_names_its_last_pair_and_confirms_the_substring_escaped():
    query = name_query("安全(评价")
    assert query[GRAMS] == "评价"
    assert query["name"] == {"$regex": r"安全\(评价", "$options": "i"}


def test_one_character_is_found_by_itself():
    assert name_query("A")[GRAMS] == "a"
