"""`python -m agora`."""

from agora.cli.startup import main

raise SystemExit(main())
