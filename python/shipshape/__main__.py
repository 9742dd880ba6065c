"""``python -m shipshape``: the same command line as the ``shipshape`` executable."""

import sys
from typing import List, Optional

from . import _core


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    code, out, err = _core.main(args, sys.stdout.isatty())
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.stdout.flush()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
