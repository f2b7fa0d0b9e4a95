"""Implementation of ./lp (stdlib only, so it runs before any venv exists)."""
