"""The presets and the message catalogue."""

import json
import string

import pytest
from jxc_upgrade_engine import ISSUE_CODES, PRESETS, get_preset, messages, profiles


@pytest.mark.parametrize("code", ["guanjiapo", "kingdee_kis"])
def test_presets_are_consistent_plain_data(code):
    profile = get_preset(code)
    assert profile["code"] == code
    assert profiles.check_profile(profile) == []
    assert json.loads(json.dumps(profile, ensure_ascii=False)) == profile
    assert set(profile["entities"]) == {"product", "partner", "stock", "order"}
    assert profile["shelf_life_unit"] == {"guanjiapo": "month", "kingdee_kis": "day"}[code]


def test_get_preset_is_a_copy():
    profile = get_preset("guanjiapo")
    profile["entities"]["product"]["columns"]["编号"] = "code"
    assert "编号" not in PRESETS["guanjiapo"]["entities"]["product"]["columns"]
    with pytest.raises(KeyError):
        get_preset("nope")


def test_documented_mappings():
    kingdee = PRESETS["kingdee_kis"]["entities"]
    assert kingdee["partner"]["columns"]["类别"] == "kind"
    assert kingdee["product"]["columns"]["单价"] == "cost"
    assert kingdee["stock"]["columns"]["金额"] == "value"
    guanjiapo = PRESETS["guanjiapo"]["entities"]
    assert guanjiapo["product"]["columns"]["保质期(月)"] == "shelf_life"
    assert guanjiapo["stock"]["columns"]["库存金额"] == "value"
    assert guanjiapo["partner"]["columns"]["类型(客户/供应商/客户及供应商)"] == "kind"


def test_check_profile_finds_problems():
    profile = get_preset("guanjiapo")
    profile["entities"]["stock"]["columns"]["数量"] = "quantity"
    profile["entities"]["warehouse"] = {"columns": {}}
    profile["shelf_life_unit"] = "week"
    problems = profiles.check_profile(profile)
    assert "stock: unknown field 'quantity'" in problems
    assert "stock: required field 'qty' has no column" in problems
    assert "unknown entity 'warehouse'" in problems
    assert any("shelf_life_unit" in p for p in problems)


def _placeholders(text):
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("catalogue", [messages.ISSUES, messages.READ_ERRORS])
def test_every_template_exists_in_both_languages_with_the_same_placeholders(catalogue):
    for key, entry in catalogue.items():
        assert set(entry) == {"zh", "en"}, key
        assert _placeholders(entry["zh"]) == _placeholders(entry["en"]) or \
            key.startswith("missing_columns"), key


def test_every_issue_code_has_a_message():
    for code in ISSUE_CODES:
        assert code in messages.ISSUES, code


def test_render_names_the_place():
    zh, en = messages.render_both("invalid_date", "库存.xls", 12, "有效期至", value="2025-02-30")
    assert zh == "库存.xls 第12行「有效期至」: 日期 2025-02-30 不存在"
    assert en == "库存.xls row 12, column 有效期至: 2025-02-30 is not a real date"
    zh, en = messages.render_both("empty_file", "a.csv", catalogue=messages.READ_ERRORS)
    assert zh == "a.csv: 文件为空" and en == "a.csv: the file is empty"
    # An unknown variant falls back to the code's own template.
    assert messages.template("invalid_date.nope", "en") == messages.ISSUES["invalid_date"]["en"]
