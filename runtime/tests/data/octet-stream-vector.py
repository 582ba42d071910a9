#!/usr/bin/env python3
"""Writes tc3-octet-stream-vector.json: the request the official Python SDK
(tencentcloud-sdk-python-common) builds for an application/octet-stream call
(AbstractClient.call_octet_stream, as cls UploadLog is sent), at a fixed time, with
its Authorization header. runtime/tests/binary.rs checks the client against it; the
test needs neither the network nor Python.

usage: pip install tencentcloud-sdk-python-common==3.1.195
       python3 octet-stream-vector.py > tc3-octet-stream-vector.json
"""
import json
import time
from importlib.metadata import version

from tencentcloud.common import credential
from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.http.request import RequestInternal

TIMESTAMP = 1700000000
SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
BODY = b"\x00\x01binary \xff\xfe log group\n\x7f"
# The parameters as the Go SDK sends them: X-{SERVICE}-{Name}, values as text.
PARAMS = {"TopicId": "4d7e5a2b-0000-4c1d-9a3e-1234567890ab", "HashKey": "abc", "CompressType": "lz4"}


class ClsClient(AbstractClient):
    _apiVersion = "2020-10-16"
    _endpoint = "cls.tencentcloudapi.com"
    _service = "cls"


def main():
    time.time = lambda: TIMESTAMP  # the signature's timestamp
    client = ClsClient(credential.Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou")
    headers = {"X-CLS-%s" % k: v for k, v in PARAMS.items()}
    req = RequestInternal(client._get_endpoint(), "POST", "/", header=dict(headers))
    req.data = BODY
    client._build_req_inter("UploadLog", None, req, {"IsOctetStream": True})
    out = {
        "description": "An application/octet-stream request signed by the official Python SDK "
        "(AbstractClient.call_octet_stream); made by octet-stream-vector.py.",
        "sdk": "tencentcloud-sdk-python-common " + version("tencentcloud-sdk-python-common"),
        "service": "cls",
        "version": "2020-10-16",
        "action": "UploadLog",
        "region": "ap-guangzhou",
        "host": "cls.tencentcloudapi.com",
        "timestamp": TIMESTAMP,
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "params": PARAMS,
        "body_hex": BODY.hex(),
        "headers": {k: v for k, v in sorted(req.header.items())},
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
