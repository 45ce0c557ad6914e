"""统一社会信用代码: real codes pass, every single-character error is caught, checksum failures are told apart."""
from hypothesis import given
from hypothesis import strategies as st

from shuniu.registry import uscc

# Codes as published by their holders.
REAL_CODES = ["91350100M000100Y43", "91110108551385082Q", "53100000500021676K", "12100000400010398P",
              "91110000802100433B"]

alphabet_char = st.sampled_from(uscc.ALPHABET)
body = st.text(alphabet=uscc.ALPHABET, min_size=8, max_size=8)
division = st.sampled_from(["110000", "110101", "110105", "110228", "100000"])
category = st.sampled_from(["1", "2", "3"])


def test_real_codes_are_valid():
    for code in REAL_CODES:
        assert uscc.check(code).valid, code


def test_org_code_check_follows_gb11714():
    # weights 3,7,9,10,5,8,4,2; 11 - sum mod 11; 10 → X, 11 → 0
    assert uscc.org_code_check_char("M000100Y") == "4"
    assert uscc.org_code_check_char("55138508") == "2"


@given(category, division, body)
def test_built_codes_pass_every_check(cat, div, org_body):
    code = uscc.build("5", cat, div, org_body)
    result = uscc.check(code, org_type={"1": "association", "2": "service_org", "3": "foundation"}[cat],
                        known_divisions={"110000", "110101", "110105", "110228"})
    assert result.valid, result.problems


@given(category, division, body, st.integers(min_value=0, max_value=17), alphabet_char)
def test_any_single_substitution_is_caught(cat, div, org_body, position, replacement):
    code = uscc.build("5", cat, div, org_body)
    if code[position] == replacement:
        return
    mutated = code[:position] + replacement + code[position + 1:]
    assert not uscc.check(mutated).valid


@given(category, division, body, alphabet_char)
def test_a_wrong_last_character_is_a_checksum_problem_only(cat, div, org_body, replacement):
    code = uscc.build("5", cat, div, org_body)
    if code[-1] == replacement:
        return
    result = uscc.check(code[:-1] + replacement)
    assert result.checksum_only
    assert not result.valid


@given(st.text(max_size=30))
def test_arbitrary_text_never_raises(text):
    result = uscc.check(text)
    assert result.valid in (True, False)


def test_it_normalises_full_width_lower_case_and_spaces():
    assert uscc.check(" ９１３５０１００ｍ０００１００ｙ４３ ").valid
    assert uscc.check("91350100-m000100-y43").code == "91350100M000100Y43"


def test_it_names_forbidden_letters():
    result = uscc.check("91350100M0001O0Y43")
    assert [p.kind for p in result.problems] == [uscc.FORMAT]
    assert "O" in str(result.problems[0])


def test_it_names_a_wrong_length():
    result = uscc.check("9135010")
    assert "18" in str(result.problems[0])


def test_type_must_fit_department_and_category():
    code = uscc.build("5", "2", "110000", "50001234")  # a 民非 code
    assert uscc.check(code, org_type="service_org").valid
    result = uscc.check(code, org_type="association")
    assert [p.kind for p in result.problems] == [uscc.CONSISTENCY]
    assert "52" in str(result.problems[0])


def test_division_must_be_known():
    code = uscc.build("5", "1", "330100", "50001234")
    result = uscc.check(code, known_divisions={"110000"})
    assert [p.kind for p in result.problems] == [uscc.CONSISTENCY]
    assert "330100" in str(result.problems[0])
    assert uscc.check(uscc.build("5", "1", "100000", "50001234"), known_divisions={"110000"}).valid
