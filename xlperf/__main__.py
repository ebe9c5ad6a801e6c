"""``python -m xlperf`` runs the command line."""

from xlperf.app.cli import run

run()
