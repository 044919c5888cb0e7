"""Every ```python block of the README runs without error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve()
READMES = [HERE.parents[2] / "README.md", HERE.parents[1] / "README.md"]
BLOCKS = [
    (readme, code)
    for readme in READMES
    for code in re.findall(r"^```python\n(.*?)^```", readme.read_text(encoding="utf-8"), re.S | re.M)
]


def test_readmes_have_python_examples() -> None:
    for readme in READMES:
        assert any(r == readme for r, _ in BLOCKS), readme


@pytest.mark.parametrize(
    ("readme", "code"),
    BLOCKS,
    ids=[f"{r.parent.name}-block{i}" for i, (r, _) in enumerate(BLOCKS)],
)
def test_readme_block(readme: Path, code: str) -> None:
    exec(compile(code, str(readme), "exec"), {"__name__": "readme"})
