"""Submitted by submit.integration.ts as an existing app would be: it imports what its requirements.txt lists,
reads its settings and credentials from the environment, and proves each arrived by writing them down."""
import json
import os
import sys

import boto3
import numpy as np
import pandas as pd

frame = pd.DataFrame({"x": np.arange(1, 11)})
s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["S3_ENDPOINT"],
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    region_name="us-east-1",
)
listed = s3.list_objects_v2(Bucket=os.environ["BUCKET"], MaxKeys=1)
with open(sys.argv[1], "w") as f:
    json.dump(
        {
            "sum": int(frame["x"].sum()),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "bucketReadable": listed["ResponseMetadata"]["HTTPStatusCode"] == 200,
        },
        f,
    )
