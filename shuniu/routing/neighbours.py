"""Similar organisations already linked to a hub: the reason a reviewer checks first.

"北京市飞镖运动协会 → 市体育总会, like 北京市台球协会 and 北京市桥牌协会 it already
links" is easier to confirm than a probability. The index holds, per city hub, the
organisations currently linked to it or to any hub below it (district, street),
the most recently linked first and at most LIMIT of them, as the router's own TF-IDF
vectors; a routed organisation's nearest ones are a sparse product away.

It is built from the database, so it is used where a person reads the reasons —
the review queue (cached until a link changes) and `shuniu route --similar` — and
not in plain batch routing: a file's routing then depends on the file and the
model only, and keeps its speed.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from .model import Router, documents

LIMIT = 1000  # per city hub: enough to find look-alikes, small enough to build in well under a second
SHOWN = 2  # similar organisations named per hub
MIN_SIMILARITY = 0.25  # below this cosine two names share little more than 北京市 and 协会


class LinkedIndex:
    def __init__(self, router: Router, linked: dict[str, list[tuple[str, str]]]):
        """`linked`: per hub label, the (name, scope) of organisations linked to it."""
        self.hubs = {}
        for hub, orgs in linked.items():
            if orgs:
                self.hubs[hub] = ([name for name, _ in orgs], router.vectorise(documents(orgs)))

    def __len__(self) -> int:
        return sum(len(names) for names, _ in self.hubs.values())

    def nearest(self, vectors, wanted: list[list[str]], names: list[str]) -> list[dict[str, list[str]]]:
        """For row i, the organisations most similar to it among those linked to each hub in wanted[i]."""
        result: list[dict[str, list[str]]] = [{} for _ in wanted]
        rows_by_hub = defaultdict(list)
        for i, hubs in enumerate(wanted):
            for hub in hubs:
                if hub in self.hubs:
                    rows_by_hub[hub].append(i)
        for hub, rows in rows_by_hub.items():
            linked_names, matrix = self.hubs[hub]
            similarity = (vectors[rows] @ matrix.T).toarray()  # rows × linked: at most chunk × LIMIT
            best = _best(similarity, SHOWN + 1)
            for row, order, scores in zip(rows, best, similarity, strict=True):
                picked = [linked_names[j] for j in order
                          if scores[j] >= MIN_SIMILARITY and linked_names[j] != names[row]][:SHOWN]
                if picked:
                    result[row][hub] = picked
        return result


def _best(similarity: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the k highest values, highest first (a partition, then a sort of k)."""
    if similarity.shape[1] > k:
        part = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(similarity.shape[1]), similarity.shape)
    order = np.argsort(-np.take_along_axis(similarity, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def linked_organisations(limit: int = LIMIT) -> dict[str, list[tuple[str, str]]]:
    """Per city hub slug, the (name, scope) of its organisations linked now, its sub-hubs' included."""
    from shuniu.hubs.models import Affiliation, Hub

    parents = dict(Hub.objects.values_list("pk", "parent_id"))
    city = dict(Hub.objects.filter(level="city").values_list("pk", "slug"))
    subtree = defaultdict(list)
    for pk in parents:
        root = pk
        while parents.get(root) is not None and root not in city:
            root = parents[root]
        if root in city:
            subtree[city[root]].append(pk)
    # One query per city hub (22): each takes its own most recent links, whatever the others hold.
    return {slug: list(Affiliation.objects.filter(end__isnull=True, hub_id__in=pks, organization__status="active")
                       .order_by("-start", "-pk")
                       .values_list("organization__name", "organization__business_scope")[:limit])
            for slug, pks in subtree.items()}


_cached: dict[str, object] = {}


def linked_index(router: Router) -> LinkedIndex:
    """The index for this router, rebuilt only when a link has started or ended since the last build."""
    from django.db.models import Count, Max

    from shuniu.hubs.models import Affiliation

    state = Affiliation.objects.aggregate(last=Max("pk"), ended=Count("end"), total=Count("pk"))
    key = (id(router), state["last"], state["ended"], state["total"])
    if _cached.get("key") != key:
        _cached.update(key=key, index=LinkedIndex(router, linked_organisations()))
    return _cached["index"]
