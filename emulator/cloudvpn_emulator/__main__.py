"""Command line: ``python -m cloudvpn_emulator [--host H] [--port P] ...``.

The first line on stdout is exactly ``cloudvpn emulator listening on URL``
(scripts read the URL from it); nothing else is printed while serving, so a
parent that pipes stdout or stderr without reading them never blocks the
server. SIGINT and SIGTERM stop it with exit status 0.
"""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys

from cloudvpn_emulator.collection import CollectionNotFound
from cloudvpn_emulator.credentials import load_table
from cloudvpn_emulator.ratelimit import parse_limit


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="cloudvpn-emulator",
                                     description="Local emulator of the cloud VPN connection APIs (see docs/emulator.md).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 (default) picks a free one")
    parser.add_argument("--log-file", help="also append every request log entry, as a JSON line, to this file")
    parser.add_argument("--credentials", metavar="FILE.json",
                        help='replace the accepted fake credentials: {"tencent": [{"key_id": ..., "secret": ..., "token": null}]}')
    parser.add_argument("--pending-reads", type=int, default=1, metavar="N",
                        help="reads for which a connection stays in its transitional state after a write (default 1)")
    parser.add_argument("--rate-limit", metavar="RATE[:BURST]",
                        help="answer with the provider's throttling error beyond RATE requests per second per "
                             "credential (token bucket of BURST tokens, default one second's worth)")
    args = parser.parse_args(argv)
    if args.rate_limit is not None:
        try:
            args.rate_limit = parse_limit(args.rate_limit)
        except ValueError as error:
            parser.error("--rate-limit: %s" % error)
    if args.pending_reads < 0:
        parser.error("--pending-reads must be 0 or more")
    return args


def main(argv=None):
    args = parse_args(argv)
    # Imported here so that --help works even where the collection is missing.
    from cloudvpn_emulator.providers import default_handlers
    from cloudvpn_emulator.server import Emulator

    try:
        handlers = default_handlers()
        credentials = load_table(args.credentials, [h.name for h in handlers]) if args.credentials else None
        emulator = Emulator(args.host, args.port, log_file=args.log_file, credentials=credentials,
                            pending_reads=args.pending_reads, handlers=handlers,
                            rate_limit=args.rate_limit)
    except (CollectionNotFound, ValueError, OSError) as error:
        sys.stderr.write("cloudvpn-emulator: %s\n" % error)
        return 2
    if not _is_loopback(args.host):
        sys.stderr.write("cloudvpn-emulator: WARNING: listening on %s, not loopback: anyone who can reach it "
                         "can use the fake credentials and the unauthenticated admin API\n" % args.host)

    print("cloudvpn emulator listening on %s" % emulator.url, flush=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


def _is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


if __name__ == "__main__":
    sys.exit(main())
