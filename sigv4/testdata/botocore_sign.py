"""Signs requests with botocore for sigv4's TestBotocore.

Reads a JSON list of requests on standard input, each
{"method", "url", "headers", "body", "access_key", "secret_key", "token",
"service", "region", "presign", "expires"}, signs each with botocore's
SigV4Auth (or SigV4QueryAuth when "presign" is true) and writes the signed
requests as a JSON list of {"method", "url", "headers", "body"}.
"""

import json
import sys

from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(spec):
    creds = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    body = spec.get("body", "").encode()
    request = AWSRequest(
        method=spec["method"],
        url=spec["url"],
        data=body,
        headers=spec.get("headers", {}),
    )
    if spec.get("presign"):
        auth = SigV4QueryAuth(creds, spec["service"], spec["region"], expires=spec.get("expires", 3600))
    else:
        auth = SigV4Auth(creds, spec["service"], spec["region"])
    auth.add_auth(request)
    prepared = request.prepare()
    data = prepared.body or b""
    if isinstance(data, str):
        data = data.encode()
    return {
        "method": prepared.method,
        "url": prepared.url,
        "headers": dict(prepared.headers.items()),
        "body": data.decode(),
    }


def main():
    json.dump([sign(spec) for spec in json.load(sys.stdin)], sys.stdout)


if __name__ == "__main__":
    main()
