"""Check an installed `byoos` outside the source tree, without pytest.

`make test-py` runs this with the interpreter of a fresh virtual environment into which
only a wheel was installed (the release wheel, then the wheel pip builds from the sdist):
the package must import from that environment's site-packages, answer the acceptance
call, and run every Python example of the READMEs.
"""

from __future__ import annotations

import re
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    import byoos

    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    where = Path(byoos.__file__).resolve()
    if site not in where.parents:
        print(f"byoos imported from {where}, not from {site}", file=sys.stderr)
        return 1
    if byoos.check_image("aws", "ami-0f4804aff4cf9c5a2").ok is not True:
        print("check_image('aws', 'ami-0f4804aff4cf9c5a2').ok is not True", file=sys.stderr)
        return 1
    blocks = 0
    for readme in (ROOT / "README.md", ROOT / "byoos-py" / "README.md"):
        text = readme.read_text(encoding="utf-8")
        for code in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M):
            exec(compile(code, str(readme), "exec"), {"__name__": "readme"})
            blocks += 1
    print(f"byoos {byoos.__version__} from {where.parent}: acceptance call and {blocks} README examples ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
