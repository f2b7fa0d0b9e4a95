"""Submitted by submit.integration.ts: fails while building the job graph (in the JobManager), so the portal's
error has to bring the traceback from the JobManager's log."""
from helpers.numbers import total


def settings():
    return {}["missing_key"]


print(f"building the job graph for {total(3)} rows")
settings()
