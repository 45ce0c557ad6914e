"""The Chinese catalogue, kept as data: `python tools/zh_hans.py` writes it into the .po and compiles the .mo.

Run `shuniu makemessages -l zh_Hans` first when strings change; a test fails while any
message is left untranslated or the compiled catalogue is out of date.
"""
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "shuniu/locale/zh_Hans/LC_MESSAGES/django.po"

ZH = {
    # accounts
    "Accounts and roles": "账号与角色", "City office": "市社会建设办公室", "District office": "区社会建设办公室",
    "Hub staff": "枢纽型社会组织工作人员", "Registration authority": "登记管理机关", "Organisation account": "社会组织账号",
    "user": "用户", "role": "角色", "division": "行政区划", "hub": "枢纽型社会组织", "organisation": "社会组织",
    "grant": "授权", "grants": "授权", "whole city": "全市",
    "This role is granted on a %(scope)s; choose one.": "该角色须指定授权范围（%(scope)s）。",
    "This role does not take a %(scope)s.": "该角色不能指定%(scope)s。",
    "Figures": "统计指标", "Change history": "变更记录", "Demo scenarios": "演示场景",
    # divisions
    "Administrative divisions": "行政区划", "City": "市级", "District": "区级", "Street / township": "街道（乡镇）级",
    "code": "代码", "name": "名称", "level": "层级", "parent": "上级", "valid from": "启用日期", "valid to": "停用日期",
    "First day it no longer applies.": "自该日起不再使用。", "successor": "承继区划", "divisions": "行政区划",
    "year": "年份", "residents": "常住人口", "registered residents": "户籍人口", "source": "来源",
    "population": "人口", "populations": "人口",
    # hubs
    "Hubs": "枢纽型社会组织", "slug": "标识", "short name": "简称", "parent hub": "上级枢纽",
    "as supervisory unit": "作为业务主管单位",
    "The hub in its role as 业务主管单位 of the organisations it supervises.": "枢纽作为其所管社会组织的业务主管单位。",
    "authorised fields": "授权领域", "hubs": "枢纽型社会组织",
    "A hub cannot be its own parent.": "枢纽不能以自身为上级。",
    "The parent hub must be at a higher level.": "上级枢纽的层级必须更高。",
    "recognised by": "认定机关", "The division whose office recognised the hub.": "作出认定的社会建设办公室所在区划。",
    "batch": "批次", "recognised on": "认定日期", "document number": "文号", "revoked on": "撤销认定日期",
    "revocation document": "撤销文号", "note": "备注", "recognition": "认定", "recognitions": "认定",
    "Revocation cannot come before recognition.": "撤销日期不能早于认定日期。",
    "Supervision (hub is the supervisory unit)": "业务主管（枢纽为业务主管单位）", "Liaison (linked only)": "联系（仅建立联系）",
    "Entered by hand": "人工录入", "Routed": "归口分派", "Imported": "批量导入", "Transferred": "移交",
    "kind": "类别", "start": "开始", "end": "结束", "reason": "理由", "reason for ending": "结束理由",
    "affiliation": "联系关系", "affiliations": "联系关系",
    "The organisation is already linked to a hub.": "该社会组织已与枢纽建立联系。",
    "The end of a link cannot come before its start.": "联系关系的结束日期不能早于开始日期。",
    "An affiliation is never rewritten; end it and start a new one (changed: %(f)s).":
        "联系关系不可改写；请结束后另建新关系（改动了：%(f)s）。",
    "%(org)s is already linked to %(hub)s since %(start)s; transfer it instead.":
        "%(org)s 自 %(start)s 起已与 %(hub)s 建立联系，请改用移交。",
    "A hub cannot be linked to itself.": "枢纽不能与自身建立联系。",
    "This link already ended on %(end)s.": "该联系关系已于 %(end)s 结束。",
    "The end of a link cannot come before its start (%(start)s).": "结束日期不能早于开始日期（%(start)s）。",
    "Say why the link ends.": "请说明结束联系的理由。",
    "%(org)s is not linked to any hub; link it instead.": "%(org)s 尚未与任何枢纽建立联系，请直接建立联系。",
    "%(org)s is already linked to %(hub)s.": "%(org)s 已与 %(hub)s 建立联系。",
    # registry
    "Registry of social organisations": "社会组织登记", "Association (社会团体)": "社会团体",
    "Social service organisation (民办非企业单位)": "民办非企业单位（社会服务机构）", "Foundation (基金会)": "基金会",
    "Community organisation (filed)": "社区社会组织（备案）", "Grassroots group (unregistered)": "草根组织（未登记）",
    "People's organisation (exempt from registration)": "人民团体（免予登记）",
    "Active": "存续", "Deregistered (注销)": "已注销", "Revoked (撤销)": "已撤销",
    "Registered directly (直接登记)": "直接登记", "Decoupled from its agency (脱钩)": "已脱钩",
    "No supervisory unit found (未找到)": "找不到业务主管单位",
    "Not required (filed, unregistered or exempt)": "无需（备案、未登记或免登）",
    "description": "说明", "field": "领域", "fields": "领域",
    "Government department": "政府部门", "Public institution": "事业单位及企业", "Hub organisation": "枢纽型社会组织",
    "supervisory unit": "业务主管单位", "supervisory units": "业务主管单位", "type": "类型", "status": "状态",
    "Kept in step with the registration events.": "随登记事项自动更新。",
    "unified social credit code": "统一社会信用代码", "credit code unverified": "信用代码未通过校验",
    "The code as issued fails a checksum; it is kept as recorded and never reported as valid.":
        "该代码按实际颁发记录保存，但校验位不符；系统照录并标记，不视为有效代码。",
    "registration certificate number": "登记证号", "registering division": "登记机关所在区划",
    "Division of the registration authority (or of the office it is filed with).": "登记管理机关（或备案机关）所在区划。",
    "seat division": "住所所在区划", "founded": "成立日期", "ended on": "终止日期",
    "Date of deregistration or revocation.": "注销或撤销登记的日期。", "legal representative": "法定代表人",
    "business scope": "业务范围", "members": "会员数", "staff": "专职工作人员数",
    "reason for no supervisory unit": "无业务主管单位的原因", "founded by a government agency": "由政府部门发起成立",
    "agency officials in post": "在任机关干部兼职人数", "share of funding from government": "政府资金占收入比例",
    "social organisation": "社会组织", "social organisations": "社会组织",
    "Name a supervisory unit or the reason there is none, not both.": "请填写业务主管单位，或说明没有的原因，二者只选其一。",
    "The share of funding from government is between 0 and 1.": "政府资金占比须在 0 到 1 之间。",
    "The end date is before the founding date.": "终止日期早于成立日期。",
    "The code passes every check; it is not unverified.": "该代码校验全部通过，不应标记为未通过校验。",
    " — if this is the code as issued, tick “credit code unverified” to keep it.":
        "——如确为实际颁发的代码，请勾选“信用代码未通过校验”后保存。",
    "Established (成立登记)": "成立登记", "Filed (备案)": "备案", "Changed (变更登记)": "变更登记",
    "Deregistered (注销登记)": "注销登记", "Revoked (撤销登记)": "撤销登记", "date": "日期",
    "registration event": "登记事项", "registration events": "登记事项", "used until": "使用至",
    "former name": "曾用名", "former names": "曾用名",
    "%(name)s has already ended (%(status)s); no further events can be recorded.":
        "%(name)s 已终止（%(status)s），不能再登记事项。",
    "The event date %(date)s is before the founding date %(founded)s.": "事项日期 %(date)s 早于成立日期 %(founded)s。",
    "The new name must differ from the current one.": "新名称须与现名称不同。",
    "Name changed from %(old)s to %(new)s": "名称由“%(old)s”变更为“%(new)s”",
    "must have 18 characters, has %(n)d": "应为 18 位，实为 %(n)d 位",
    "characters not allowed in a credit code: %(chars)s": "含有信用代码不允许的字符：%(chars)s",
    "positions 3–8 must be a six-digit division code": "第 3–8 位应为六位行政区划代码",
    "organisation code check character is %(got)s, expected %(want)s": "组织机构代码校验码为 %(got)s，应为 %(want)s",
    "check character is %(got)s, expected %(want)s": "校验码为 %(got)s，应为 %(want)s",
    "unknown registering department %(ch)s": "登记管理部门代码 %(ch)s 不存在",
    "department/category %(prefix)s does not fit the organisation type": "登记管理部门及机构类别代码 %(prefix)s 与组织类型不符",
    "unknown division code %(code)s": "行政区划代码 %(code)s 不存在",
    # pages
    "Log in": "登录", "Your username and password didn't match. Please try again.": "用户名或密码不正确，请重试。",
    "Username": "用户名", "Password": "密码", "City overview": "全市概况", "as of %(day)s": "截至 %(day)s",
    "registered organisations": "登记社会组织", "organisations incl. filed and grassroots": "含备案及草根组织总数",
    "city hubs · %(d)s district · %(st)s street": "市级枢纽 · 区级 %(d)s · 街道级 %(st)s",
    "city-level organisations linked to a hub": "市级社会组织枢纽覆盖率", "per 10,000 residents": "每万常住人口拥有",
    "per 10,000 registered residents": "每万户籍人口拥有", "supervisory units in use": "业务主管单位数",
    "with neither a supervisory unit nor a hub": "既无业务主管单位也无枢纽联系",
    "Organisations by type": "社会组织类型构成",
    "Densities divide registered organisations by the %(y)s population: %(r)s residents, %(rr)s registered residents (%(src)s).":
        "密度按 %(y)s 年人口计算：常住人口 %(r)s，户籍人口 %(rr)s（%(src)s）。",
    "City hubs": "市级枢纽型社会组织", "Hub": "枢纽", "Batch": "批次", "Field": "领域", "Sub-hubs": "下级枢纽",
    "Organisations linked": "联系社会组织数", "Districts": "各区", "District-level registered": "区级登记社会组织",
    "Filed and grassroots": "备案及草根组织", "Residents (2010)": "常住人口（2010）", "Per 10,000 residents": "每万常住人口",
    "Shuniu": "枢纽", "hub-type social organisation system": "社会组织枢纽型工作体系", "Data admin": "数据管理",
    "Log out": "退出",
}


def main() -> None:
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.msgid in ZH:
            entry.msgstr = ZH[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    if missing:
        raise SystemExit("untranslated:\n" + "\n".join(missing))


if __name__ == "__main__":
    main()
