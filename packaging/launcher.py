"""Entry point of the frozen build: the same as the `studyapp` command."""

import sys

from studyapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
