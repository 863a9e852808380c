"""`python -m finloom` is the `finloom` command."""

import sys

from finloom.entry import main

sys.exit(main())
