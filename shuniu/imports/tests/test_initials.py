"""The block form of the pinyin initials gives exactly what the exact one gives, name by name."""
import random

from pypinyin.phrases_dict import phrases_dict

from shuniu.imports.initials import WIDEST, initials, initials_of
from shuniu.registry.pinyin import initials as pypinyin_initials

NAMES = [
    "北京市朝阳区青少年书画协会", "中国银行业协会", "重庆商会北京联络处", "北京长安街文化促进会", "北京市音乐家协会",
    "北京ABC科技交流中心（筹）", "北京市 3D 打印产业联盟", "", "会", "·", "北京市" * 30 + "银行协会",
    "𠀀字协会", "北京市朝阳区（望京）社区服务中心", "行业协会", "长城保护基金会",
]


def test_block_and_name_by_name_agree_on_office_names_and_edge_cases():
    assert initials_of(NAMES) == [initials(n) for n in NAMES]
    assert initials_of(["中国银行业协会"]) == ["zgyhyxh"]  # 银行: háng in the phrase, xíng alone
    assert len(NAMES[10]) > WIDEST  # longer than a block looks at: the exact loop


def test_block_and_name_by_name_agree_on_names_made_of_dictionary_phrases():
    rng = random.Random(7)
    phrases = [p for p in phrases_dict if 2 <= len(p) <= 4]
    names = ["".join(rng.choice(phrases) for _ in range(rng.randint(1, 5))) + rng.choice(["协会", "学会", "基金会", ""])
             for _ in range(5000)]
    assert initials_of(names) == [initials(n) for n in names]


def test_both_read_as_pypinyin_does():
    for name in NAMES[:5]:
        assert initials(name) == pypinyin_initials(name), name
