"""Submitted by submit.integration.ts: prints the JobManager's environment (with its S3 credentials), then fails
while building the job graph, so that its output is returned to the submitter: credentials must not be."""
import os
import sys

print(dict(os.environ))
print({k: v for k, v in os.environ.items() if k.startswith("AWS_")})
sys.exit(1)
