from engage_tui.cli import main

raise SystemExit(main())
