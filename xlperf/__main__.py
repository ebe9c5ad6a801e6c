"""``python -m xlperf`` runs the command line."""

from xlperf.cli import run

run()
