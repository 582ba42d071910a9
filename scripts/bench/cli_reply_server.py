#!/usr/bin/env python3
"""cli_reply_server.py — a loopback HTTPS (or HTTP) server for cli-startup.sh.

    cli_reply_server.py PORT_FILE [CERT KEY]

Listens on 127.0.0.1 (a free port, written to PORT_FILE once listening) and answers
every POST with the same success envelope, `{"Response": {"TotalCount": 0,
"RegionSet": [], "RequestId": "..."}}` (a cvm DescribeRegions reply), without checking
the request: the command lines measured beside each other get the same reply at the
same cost. With CERT and KEY (PEM), it speaks TLS. Runs until killed.
"""

import http.server
import ssl
import sys

REPLY = b'{"Response": {"TotalCount": 0, "RegionSet": [], "RequestId": "0d5b0bd8-loopback"}}'


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers every POST with REPLY, keeping the connection open (HTTP/1.1)."""

    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: the head and the body go out in two writes, and without it the body
    # waits for the client's delayed acknowledgement of the head (about 40 ms).
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802 (the method name http.server calls)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(REPLY)))
        self.end_headers()
        self.wfile.write(REPLY)

    def log_message(self, *args):
        """Nothing logged: the measured command lines' output stays clean."""


def main():
    """Serves on a free port of 127.0.0.1, written to the port file, until killed."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
