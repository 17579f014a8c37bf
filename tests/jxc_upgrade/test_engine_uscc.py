"""统一社会信用代码 check character, GB 32100-2015."""

import pytest
from jxc_upgrade_engine import uscc

KNOWN_GOOD = "91350100M000100Y43"  # a real, valid code


def test_known_good_code_is_valid():
    assert uscc.is_valid(KNOWN_GOOD)
    assert uscc.problem(KNOWN_GOOD) is None
    assert uscc.check_char(KNOWN_GOOD[:17]) == KNOWN_GOOD[17]


def test_computed_code_is_valid_and_every_other_check_char_is_not():
    first17 = "91330100MA2KXY7P0"
    code = first17 + uscc.check_char(first17)
    assert uscc.is_valid(code)
    others = [char for char in uscc.CHARSET if char != code[17]]
    assert len(others) == 30
    assert not any(uscc.is_valid(first17 + char) for char in others)


def test_check_char_zero_when_sum_divisible():
    # When the weighted sum is a multiple of 31 the check character is '0', not 31.
    for tail in range(10**4):
        first17 = "9133010000000%04d" % tail
        pairs = zip(first17, uscc.WEIGHTS, strict=True)
        total = sum(uscc.CHARSET.index(char) * weight for char, weight in pairs)
        if total % 31 == 0:
            assert uscc.check_char(first17) == "0"
            assert uscc.is_valid(first17 + "0")
            break
    else:
        pytest.fail("no example found")


def test_normalizes_case_and_spaces():
    assert uscc.is_valid(" 91350100m000100y43 ")
    assert uscc.is_valid("9135 0100 M000 100Y 43")


@pytest.mark.parametrize("code, problem", [
    ("9133010098Q68PURMK", "check"),   # WL0009 of the samples
    ("91350100M000100Y44", "check"),
    ("91350100M000100Y4", "length"),
    ("91350100M000100Y433", "length"),
    ("", "length"),
    ("91350100M00010OY43", "charset"),  # letter O is never used
    ("91350100I000100Y43", "charset"),
    ("91350100S000100Y43", "charset"),
])
def test_invalid_codes(code, problem):
    assert not uscc.is_valid(code)
    assert uscc.problem(code) == problem


def test_check_char_rejects_bad_input():
    with pytest.raises(ValueError):
        uscc.check_char("123")
    with pytest.raises(ValueError):
        uscc.check_char("91350100I000100Y4")


def test_weights_are_powers_of_three_mod_31():
    assert uscc.WEIGHTS == tuple(pow(3, i, 31) for i in range(17))
    assert len(uscc.CHARSET) == 31
    assert not set("IOSVZ") & set(uscc.CHARSET)
