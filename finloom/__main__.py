"""`python -m finloom` is the `finloom` command."""

import sys

from finloom.cli import main

sys.exit(main())
