"""A tiny HTTP service for the lucid-init demo (scripts/demo.sh): standard library only.

It listens where lucid-init told it to (--host/--port, filled in from the validated DEMO_HOST and
DEMO_PORT), answers /health, leaves an orphan behind on /spawn-zombie so that PID 1 has a zombie
to reap, and exits 0 on SIGTERM, as a well-behaved container service should.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def log(message):
    print(f"demo_service: {message}", file=sys.stderr, flush=True)


def spawn_orphan(lifetime):
    """Double fork: the middle process exits at once, so the grandchild is re-parented to PID 1
    (lucid-init). When it exits `lifetime` seconds later, only PID 1 can reap it: a zombie
    otherwise. Returns the grandchild's pid."""
    read_end, write_end = os.pipe()
    middle = os.fork()
    if middle == 0:
        os.close(read_end)
        orphan = os.fork()
        if orphan == 0:
            os.close(write_end)
            time.sleep(lifetime)
            os._exit(0)
        os.write(write_end, str(orphan).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        orphan = int(pipe.read())
    os.waitpid(middle, 0)  # the service reaps its own child; the grandchild is PID 1's business
    return orphan


class Handler(BaseHTTPRequestHandler):
    def _reply(self, status, body):
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self._reply(200, {"status": "ok"})
        elif self.path == "/":
            self._reply(200, {
                "pid": os.getpid(),
                "ppid": os.getppid(),
                "DEMO_HOST": os.environ.get("DEMO_HOST"),
                "DEMO_PORT": os.environ.get("DEMO_PORT"),
                "argv": sys.argv,
            })
        elif self.path == "/spawn-zombie":
            orphan = spawn_orphan(lifetime=1.0)
            log(f"left orphan pid {orphan} behind; it exits in 1 s")
            self._reply(200, {"orphan_pid": orphan})
        else:
            self._reply(404, {"error": "not found"})

    def log_message(self, format, *args):  # one line per request, on stderr like the rest
        log(f"{self.command} {self.path} -> {args[1] if len(args) > 1 else '?'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    server = ThreadingHTTPServer((args.host, args.port), Handler)

    def on_sigterm(signo, _frame):
        log(f"{signal.Signals(signo).name} received, shutting down")
        # shutdown() waits for serve_forever() to return: it must run on another thread.
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, on_sigterm)
    log(f"pid {os.getpid()} (parent {os.getppid()}) listening on {args.host}:{args.port}")
    server.serve_forever()
    server.server_close()
    log("stopped cleanly, exit 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
