"""``python -m docket`` runs the command line."""

from docket.cli.app import main

main()
