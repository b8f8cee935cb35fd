"""`python -m agora`."""

from agora.startup import main

raise SystemExit(main())
