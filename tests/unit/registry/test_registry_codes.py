"""Check characters against real published codes (GB 32100-2015, GB 11643-1999)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from services.registry.domain.codes import (
    USCC_CHARS,
    id_check_char,
    id_number_problem,
    mask_id_number,
    uscc_check_char,
    uscc_problem,
)

# Published codes: the GB 32100 example; Hutool's test codes (Shanghai companies); and the business
# licences of 阿里巴巴(中国)有限公司, 华为技术有限公司 and 深圳市腾讯计算机系统有限公司.
REAL_USCC = [
    "91350100M000100Y43",
    "91310110666007217T",
    "91310115591693856A",
    "91330100799655058B",
    "914403001922038216",
    "9144030071526726XG",
]


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_unified_social_credit_codes_pass(code):
    assert uscc_problem(code) is None and uscc_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_USCC)
def test_any_changed_last_character_fails(code):
    for other in (c for c in USCC_CHARS if c != code[17]):
        assert "check character" in uscc_problem(code[:17] + other)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("91350211M00013FA1N", "check character"),  # an early pilot code that breaks the standard
        ("91410100779423456X", "check character"),  # an invented "example" from a how-to page
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100I43", "characters outside"),  # I is not in the set
        ("913501A0M000100Y43", "characters outside"),  # positions 3-8 must be digits
        ("91350100m000100y43", "characters outside"),
    ],
)
def test_bad_codes_say_why(code, reason):
    assert reason in uscc_problem(code)


def test_transposed_characters_are_caught():
    code = REAL_USCC[1]
    swapped = code[:3] + code[4] + code[3] + code[5:]
    assert "check character" in uscc_problem(swapped)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_standard_id_examples_pass(number):
    assert id_number_problem(number) is None and id_check_char(number[:17]) == number[17]


@pytest.mark.parametrize(
    "number, reason",
    [
        ("110105194912310020", "check digit: expected X"),
        ("11010519491231002x", "17 digits"),
        ("1101051949123100", "17 digits"),
        ("110105194913310029", "birth date"),
        ("01010519491231002X", "17 digits"),
    ],
)
def test_bad_id_numbers_say_why(number, reason):
    assert reason in id_number_problem(number)


def test_masking_keeps_only_the_ends():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert len(mask_id_number("440524188001010014")) == 18


uscc_bodies = (
    st.text(alphabet=USCC_CHARS, min_size=2, max_size=2)
    .flatmap(
        lambda head: st.tuples(
            st.just(head),
            st.text(alphabet="0123456789", min_size=6, max_size=6),
            st.text(alphabet=USCC_CHARS, min_size=9, max_size=9),
        )
    )
    .map("".join)
)


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(USCC_CHARS))
def test_any_single_substitution_is_detected(first17, position, char):
    code = first17 + uscc_check_char(first17)
    changed = code[:position] + char + code[position + 1 :]
    assume(changed != code and (position not in range(2, 8) or char.isdigit()))
    assert uscc_problem(code) is None and uscc_problem(changed) is not None


@given(st.text(alphabet="0123456789", min_size=3, max_size=3), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_id_substitution_is_detected(sequence, position, char):
    first17 = "33040219800101" + sequence
    number = first17 + id_check_char(first17)
    changed = number[:position] + char + number[position + 1 :]
    assume(changed != number)
    assert id_number_problem(changed) is not None
