"""`python -m webapp.cli`: the same as the `mutasi` command."""
from webapp.cli import main

main()
