"""`python -m agora`."""

from agora.cli import main

raise SystemExit(main())
