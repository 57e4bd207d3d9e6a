"""Contract errors: what is wrong with an input file, where, and a stable code for machines."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    """One broken rule of the planning contract."""

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]" if self.path else self.message


class ContractError(ValueError):
    """The input breaks the planning contract.

    `code`, `path` and `message` describe the first issue; `issues` lists all of them, so a
    dispatcher sees every problem of a file at once rather than one per upload.
    """

    def __init__(self, code: str, path: str, message: str, *more: Issue) -> None:
        self.issues: tuple[Issue, ...] = (Issue(code, path, message), *more)
        super().__init__("; ".join(str(i) for i in self.issues))

    @property
    def code(self) -> str:
        return self.issues[0].code

    @property
    def path(self) -> str:
        return self.issues[0].path

    @property
    def message(self) -> str:
        return self.issues[0].message

    @classmethod
    def from_issues(cls, issues: list[Issue]) -> ContractError:
        first, *rest = issues
        return cls(first.code, first.path, first.message, *rest)


@dataclass
class Issues:
    """Collects issues while parsing; `raise_if_any` raises them all in one ContractError."""

    items: list[Issue] = field(default_factory=list)

    def add(self, code: str, path: str, message: str) -> None:
        self.items.append(Issue(code, path, message))

    def extend(self, error: ContractError) -> None:
        self.items.extend(error.issues)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContractError.from_issues(self.items)
