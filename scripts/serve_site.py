"""scripts/serve's web server, run as a script: support/preview.py (installed with the
project, so that the tests and bench/ import the same server)."""

import sys

from support.preview import main

if __name__ == "__main__":
    main(sys.argv[1:])
