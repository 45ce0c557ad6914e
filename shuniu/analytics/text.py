"""The summary as lines a person reads in a terminal (Chinese, like the pages)."""


def _pct(value):
    return "—" if value is None else f"{value * 100:.1f}%"


def summary_lines(s: dict) -> list[str]:
    t = s["by_type"]
    f = s["filed_by_type"]
    hubs = s["hubs"]
    city = s["supervisory_units_by_level"].get("city", {})
    batches = "，".join(f"第{b}批 {n}" for b, n in s["hubs_by_batch"].items())
    return [
        f"截至 {s['as_of']}",
        f"登记社会组织 {s['registered_total']:,} 家：社会团体 {t['association']:,}，"
        f"民办非企业单位 {t['service_org']:,}，基金会 {t['foundation']:,}",
        f"备案及未登记 {s['filed_total']:,} 家："
        f"社区社会组织 {f['community']:,}，草根组织 {f['grassroots']:,}",
        f"合计 {s['total']:,} 家",
        f"枢纽型社会组织：市级 {hubs['city']}（{batches}），区级 {hubs['district']}，街道级 {hubs['street']}",
        f"每万常住人口 {s['density_per_10k_residents']} 家，"
        f"每万户籍人口 {s['density_per_10k_registered_residents']} 家",
        f"市级社会组织枢纽覆盖率 {_pct(s['city_level_hub_coverage'])}",
        f"业务主管单位 {s['supervisory_units']} 个（市级 {sum(city.values())} 个，"
        f"其中政府部门及事业单位 {city.get('government', 0) + city.get('institution', 0)} 个）",
        f"既无业务主管单位也无枢纽联系的组织 {s['organizations_without_supervisor_or_hub']:,} 家",
    ]
