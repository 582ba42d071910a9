#!/usr/bin/env python3
"""The official Python SDK under the load of `concurrency.rs`: LEVEL threads calling
trtc `DescribeUserInfo` in a loop for SECONDS through one shared client, against the
bench's loopback server at URL. Prints one JSON object: calls, elapsed seconds, p50 and
p99 latency in microseconds, this process's CPU seconds during the calls, and the growth
of its peak resident set in KiB.

    python3 python_sdk_load.py URL LEVEL SECONDS

Needs `tencentcloud-sdk-python-common` and `tencentcloud-sdk-python-trtc` (pip); run by
`cargo bench -p tencentcloud-sdk-tests --bench concurrency` when they import.
"""
import json
import resource
import sys
import threading
import time
from urllib.parse import urlparse

from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.trtc.v20190722 import models, trtc_client

# The same request as the Rust variants (`request()` in concurrency.rs).
PARAMS = {
    "CommId": "1400188366_218695_1590065777",
    "StartTime": 1590065777,
    "EndTime": 1590065877,
    "SdkAppId": 1400188366,
    "UserIds": ["user1_54816741", "user2_2107025"],
    "PageSize": 10,
}


def main():
    url, level, seconds = urlparse(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    http = HttpProfile(protocol="http", endpoint=url.netloc, keepAlive=True)
    # Keep as many connections as there are callers, as the Rust variants' pools do.
    http.pre_conn_pool_size = level
    cred = credential.Credential("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")
    client = trtc_client.TrtcClient(cred, "ap-guangzhou", ClientProfile(httpProfile=http))
    request = models.DescribeUserInfoRequest()
    request.from_json_string(json.dumps(PARAMS))

    def once():
        reply = client.DescribeUserInfo(request)
        assert reply.Total == 1, reply.to_json_string()

    # Warm-up: one call per caller, at once, to open the connections.
    warm = [threading.Thread(target=once) for _ in range(level)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    latencies = [[] for _ in range(level)]
    start = threading.Barrier(level + 1)
    deadline = [0.0]

    def caller(mine):
        start.wait()
        while time.perf_counter() < deadline[0]:
            t = time.perf_counter()
            once()
            mine.append(time.perf_counter() - t)

    threads = [threading.Thread(target=caller, args=(latencies[i],)) for i in range(level)]
    for t in threads:
        t.start()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)
    all_latencies = sorted(x for mine in latencies for x in mine)
    at = lambda q: all_latencies[int((len(all_latencies) - 1) * q)] * 1e6 if all_latencies else 0.0
    print(json.dumps({
        "calls": len(all_latencies),
        "elapsed": elapsed,
        "p50_us": at(0.50),
        "p99_us": at(0.99),
        "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu_before,
        "rss_growth_kib": max(0, usage.ru_maxrss - rss_before),
    }))


if __name__ == "__main__":
    main()
