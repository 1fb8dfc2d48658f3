#!/usr/bin/env python3
"""A TLS-terminating TCP proxy on 127.0.0.1, for testing apptrail against HTTPS with a private CA.

    tls_proxy.py --cert server.pem --key server.key --upstream 127.0.0.1:8080 [--port 0]

Accepts TLS connections, decrypts them and relays the bytes to the plain upstream (kestra-sim serves
HTTP only), one thread pair per connection. Prints "listening on PORT" on stdout once it accepts
connections, then runs until killed. Handshakes a client refuses (an untrusted certificate) are dropped
quietly: they are what the tests provoke.
"""

import argparse
import signal
import socket
import ssl
import sys
import threading


def pipe(source, target):
    """Copies bytes one way until either side closes, then closes both so the other direction ends too."""
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, context, upstream):
    try:
        # The handshake runs on this connection's thread, so a slow or failing client blocks no one else.
        tls = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()
        return
    try:
        plain = socket.create_connection(upstream)
    except OSError:
        tls.close()
        return
    back = threading.Thread(target=pipe, args=(plain, tls), daemon=True)
    back.start()
    pipe(tls, plain)
    back.join()
    tls.close()
    plain.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cert", required=True, help="PEM server certificate (chain)")
    parser.add_argument("--key", required=True, help="PEM private key of the certificate")
    parser.add_argument("--upstream", required=True, help="HOST:PORT of the plain HTTP server")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 picks a free one)")
    args = parser.parse_args()
    host, _, port = args.upstream.rpartition(":")
    upstream = (host or "127.0.0.1", int(port))

    # A parent may hand down SIGTERM ignored or blocked (a test runner does): the test stops the proxy with it.
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, lambda *_: sys.exit(0))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(64)
    print(f"listening on {listener.getsockname()[1]}", flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, context, upstream), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
