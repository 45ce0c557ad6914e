"""`shuniu route --in FILE.csv --out FILE.csv`, `shuniu route evaluate --gold FILE.csv`,
`shuniu route --all-unlinked --out FILE.csv`: which hub's field each organisation falls in.
"""
import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shuniu.routing.model import read_labelled
from shuniu.routing.neighbours import LinkedIndex, linked_organisations
from shuniu.routing.service import OUTPUT_COLUMNS, evaluate, evaluation_lines, load_router, read_table, route_rows


class Command(BaseCommand):
    help = "Route organisations to the hub of their field, or measure the router against a gold file."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["evaluate"], help="evaluate against --gold")
        parser.add_argument("--in", dest="source", help="CSV with columns name, org_type, scope, level")
        parser.add_argument("--out", help="CSV to write: the input columns plus hub, score, decision, …")
        parser.add_argument("--gold", help="CSV with name, scope and hub (a cell may hold 'a|b')")
        parser.add_argument("--all-unlinked", action="store_true", help="route every organisation without a hub")
        parser.add_argument("--similar", action="store_true",
                            help="add to the reasons the most similar organisations already linked to each hub "
                                 "(read from the database; slower)")
        parser.add_argument("--retrain", action="store_true", help="train again instead of loading from var/")

    def handle(self, *args, action, source, out, gold, all_unlinked, similar, retrain, **options):
        router = load_router(retrain=retrain)
        if action == "evaluate":
            rows = self.read(gold, "--gold", ["name", "hub"]) if gold else [r for r in read_labelled()
                                                                            if r["split"] == "test"]
            unknown = [(i, r["hub"]) for i, r in enumerate(rows, start=2)
                       if not set((r["hub"] or "").split("|")) <= set(router.labels)]
            if unknown:
                line, label = unknown[0]
                raise CommandError(f"--gold line {line}, hub: unknown label {label!r} "
                                   f"({len(unknown)} such rows; labels are {', '.join(router.labels)})")
            return "\n".join(evaluation_lines(evaluate(router, rows)))
        if not out:
            raise CommandError("--out FILE.csv is needed (or use 'evaluate')")
        if not all_unlinked and not source:
            raise CommandError("--in FILE.csv is needed (or --all-unlinked)")
        rows = self.unlinked() if all_unlinked else self.read(source, "--in", ["name"])
        linked = LinkedIndex(router, linked_organisations()) if similar else None
        written = self.write(out, route_rows(router, rows, linked=linked), rows)
        return f"{written:,} rows routed → {out}"

    def read(self, source: str, option: str, columns: list[str]) -> list[dict[str, str]]:
        """The file's rows, or a clear error (and nothing written) when it lacks a column we need."""
        try:
            rows = read_table(Path(source).read_bytes())
        except FileNotFoundError as exc:
            raise CommandError(f"{option}: no file {source}") from exc
        missing = [c for c in columns if rows and c not in rows[0]]
        if missing:
            raise CommandError(f"{option} {source}: no column {', '.join(missing)} "
                               f"(the file has: {', '.join(k for k in rows[0] if k is not None)})")
        return rows

    def unlinked(self) -> list[dict[str, str]]:
        from shuniu.hubs.models import Affiliation
        from shuniu.registry.models import Organization

        # Not exclude(affiliations__end__isnull=True): an organisation with no link at all
        # joins as one row whose end is NULL, and was excluded with the linked ones.
        orgs = (Organization.objects.filter(status="active", hub__isnull=True)
                .exclude(pk__in=Affiliation.objects.filter(end__isnull=True).values("organization_id"))
                .order_by("pk"))
        return [{"id": str(pk), "name": name, "org_type": org_type, "scope": scope, "level": level}
                for pk, name, org_type, scope, level in orgs.values_list(
                    "pk", "name", "org_type", "business_scope", "level").iterator(chunk_size=5000)]

    def write(self, out: str, routed, rows) -> int:
        from tqdm import tqdm

        columns = list(dict.fromkeys([*(rows[0].keys() if rows else ["name"]), *OUTPUT_COLUMNS]))
        count = 0
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in tqdm(routed, total=len(rows), unit="org", disable=len(rows) < 5000, file=self.stderr):
                writer.writerow(row)
                count += 1
        return count
