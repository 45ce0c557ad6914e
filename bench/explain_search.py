"""EXPLAIN ANALYZE of the organisation list's name search on PostgreSQL: are the name indexes used?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench_1m .venv/bin/python bench/explain_search.py

Writes bench/results/search-explain-postgresql.txt: the page query for a common word, a
place, a full name, two- and one-character words (the characters index) and pinyin
initials, as the list runs it: at most 10,000 matches sorted by the unindexed name
expression, more walked in name order (see shuniu/paginator.py).
"""
import os
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")

import django  # noqa: E402

django.setup()

from shuniu.paginator import SEARCH_CAP  # noqa: E402
from shuniu.registry.filters import search  # noqa: E402
from shuniu.registry.models import Organization  # noqa: E402
from shuniu.registry.views import BY_NAME_UNINDEXED  # noqa: E402


def main() -> None:
    sample = Organization.objects.filter(uscc__isnull=False).order_by("pk").first()
    out = [f"# {Organization.objects.count():,} organisations"]
    for q in ["南京市", "书法家协会", sample.name, "书法", "养老", "鑫", "njs"]:
        rows = search(Organization.objects.all(), q)
        many = rows.order_by()[:SEARCH_CAP + 1].count() > SEARCH_CAP
        qs = rows.order_by(*(("name", "pk") if many else BY_NAME_UNINDEXED))[:50]
        matches = f"more than {SEARCH_CAP:,} matches, walked in name order" if many else "few matches, sorted"
        out += [f"\n== ?q={q} ({matches})", qs.explain(analyze=True)]
    text = "\n".join(out)
    print(text)
    (Path(__file__).with_name("results") / "search-explain-postgresql.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
