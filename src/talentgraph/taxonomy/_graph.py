"""The prerequisite graph: cycle detection and transitive closure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from talentgraph.errors import CyclicPrerequisiteError

__all__ = ["check_acyclic", "prerequisite_closure"]


def check_acyclic(graph: Mapping[str, Iterable[str]]) -> None:
    """Raise CyclicPrerequisiteError naming the first cycle found (deterministic order)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(graph):
        if state.get(root):
            continue
        path: list[str] = [root]
        stack = [iter(sorted(graph.get(root, ())))]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child):] + [child]
                raise CyclicPrerequisiteError(
                    "The prerequisites form a cycle: " + " -> ".join(cycle) + ". Expected an "
                    "acyclic graph (a skill cannot, even indirectly, be its own prerequisite). "
                    "Fix: remove one of these prerequisite links.",
                    details=[" -> ".join(cycle)],
                )
            if state.get(child) is None:
                state[child] = 1
                path.append(child)
                stack.append(iter(sorted(graph.get(child, ()))))


def prerequisite_closure(graph: Mapping[str, Iterable[str]], slug: str) -> list[str]:
    """All direct and indirect prerequisites of ``slug``, each after its own prerequisites."""
    order: list[str] = []
    seen: set[str] = {slug}

    def visit(node: str) -> None:
        for child in sorted(graph.get(node, ())):
            if child not in seen:
                seen.add(child)
                visit(child)
                order.append(child)

    visit(slug)
    return order
