"""`shuniu report reach` as lines a person reads in a terminal (Chinese, like the pages)."""
from __future__ import annotations

KIND_LABELS = {"worker_centre": "职工服务(帮扶)中心", "union_station": "工会服务站", "youth_hub": "社区青年汇",
               "rural_youth": "乡村青年社", "womens_home": "妇女之家", "other": "其他服务阵地"}


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def party_line(p: dict) -> str:
    return (f"党建：组织覆盖 {p['organization_covered']:,}/{p['organizations']:,}"
            f"（{_pct(p['organization_coverage'])}），"
            f"工作覆盖 {p['work_covered']:,}（{_pct(p['work_coverage'])}），应建未建 {p['due']:,} 家，"
            f"口袋党员 {p['pocket_members']:,} 名，近一季度三会一课 {p['meetings_last_quarter']:,} 次")


def reach_block(name: str, r: dict) -> list[str]:
    kinds = "，".join(f"{KIND_LABELS.get(k, k)} {n:,}" for k, n in r["facilities_by_kind"].items()) or "无"
    lines = [f"{name}", f"  服务阵地 {r['facilities']:,} 个：{kinds}"]
    if r["members_covered"]:
        lines.append(f"  覆盖会员 {r['members_covered']:,} 人")
    lines.append(f"  活动 {r['activities']:,} 项，直接服务 {r['people_served']:,} 人，"
                 f"覆盖人数 {r['people_reached']:,} 人（直接服务以外影响带动 {r['reached_beyond_served']:,} 人）")
    lines.append(f"  联系社会组织 {r['organizations_linked']:,} 家，参与活动 {r['organizations_taking_part']:,} 家，"
                 f"日常联系记录 {r['contacts']:,} 条")
    lines.append("  " + party_line(r["party"]))
    return lines


def reach_lines(report: dict) -> list[str]:
    lines = [f"截至 {report['as_of']}"]
    lines += reach_block("全市", report["city"])
    for hub in report["hubs"]:
        lines += reach_block(f"{hub['name']}（含下级枢纽 {hub['sub_hubs']} 个）", hub)
    lines.append("各区党建")
    lines += [f"  {d['name']} " + party_line(d["party"]) for d in report["districts"]]
    return lines
