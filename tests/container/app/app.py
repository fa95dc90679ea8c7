"""The service of the container end-to-end suite: a small FastAPI app run by uvicorn under
lucid-init (`python3.11 -m uvicorn app:app --host {host} --port {port}`, with API_HOST/API_PORT
validated and substituted by lucid-init). Every endpoint exists to provoke one behaviour:

  GET  /health          200, or 503 after POST /fail
  POST /fail            /health answers 503 from now on (the HTTP probe turns unhealthy)
  POST /recover         /health answers 200 again
  POST /close-listener  stop listening; the process stays up (the probe sees connection refused)
  POST /orphans?count=N double fork N times: N grandchildren, orphaned at once, exit after 0.2 s
                        and are left for PID 1 to reap; answers their pids
  POST /exit?code=N     the process exits with status N (lucid-init must pass it on)
  POST /hang            the service hangs: its event loop blocks for good (time.sleep in the loop
                        thread), so the port still accepts connections (the kernel's backlog) but
                        nothing answers, and SIGTERM goes unhandled (asyncio runs its handler in
                        the loop): a deadlocked service, only SIGKILL ends it
  GET  /whoami          pid, ppid, uid, gid, API_HOST, API_PORT, argv

APP_HEALTH_FAILING=1 starts with /health at 503 (as after POST /fail).
APP_IGNORE_SIGTERM=1 makes the service ignore SIGTERM (lucid-init's grace deadline must kill it).
SIGUSR1, SIGUSR2, SIGHUP and SIGABRT are logged ("app: got SIGUSR1") and otherwise ignored, so a
test can see that a signal sent to the container reached the service.
Log lines (stderr) the tests look for start with "app:".
"""

import asyncio
import gc
import os
import signal
import sys
import time

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()
failing = os.environ.get("APP_HEALTH_FAILING") == "1"


def log(message):
    print(f"app: {message}", file=sys.stderr, flush=True)


@app.on_event("startup")
async def on_startup():
    # uvicorn installs its own SIGTERM handler before the startup event: override it here.
    if os.environ.get("APP_IGNORE_SIGTERM") == "1":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        log("ignoring SIGTERM")
    for number in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP, signal.SIGABRT):
        signal.signal(number, lambda n, frame: log(f"got {signal.Signals(n).name}"))
    log(f"started, pid {os.getpid()}, parent {os.getppid()}")


@app.on_event("shutdown")
async def on_shutdown():
    log("shutdown handler ran")


@app.get("/health")
async def health():
    if failing:
        return JSONResponse({"status": "failing"}, status_code=503)
    return {"status": "ok"}


@app.post("/fail")
async def fail():
    global failing
    failing = True
    log("/health answers 503 from now on")
    return {"failing": True}


@app.post("/recover")
async def recover():
    global failing
    failing = False
    log("/health answers 200 again")
    return {"failing": False}


@app.post("/close-listener")
async def close_listener():
    # uvicorn keeps its listening asyncio.Server objects in Server.servers; close them all.
    closed = 0
    for server in [o for o in gc.get_objects() if isinstance(o, uvicorn.Server)]:
        for listener in server.servers:
            listener.close()
            closed += 1
    log(f"closed {closed} listener(s); still running")
    return {"closed": closed}


def spawn_orphan():
    """Double fork: the middle process exits at once, so the grandchild is re-parented to PID 1
    and, once it exits, only PID 1 can reap it. Returns the grandchild's pid."""
    read_end, write_end = os.pipe()
    middle = os.fork()
    if middle == 0:
        grandchild = os.fork()
        if grandchild == 0:
            time.sleep(0.2)
            os._exit(0)
        os.write(write_end, str(grandchild).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        grandchild = int(pipe.read())
    os.waitpid(middle, 0)  # the service reaps its own child: the grandchild is PID 1's business
    return grandchild


@app.post("/orphans")
async def orphans(count: int = 10):
    pids = [spawn_orphan() for _ in range(count)]
    log(f"left {count} orphans behind: {pids}")
    return {"pids": pids}


@app.post("/exit")
async def exit_with(code: int):
    log(f"exiting with status {code}")
    asyncio.get_running_loop().call_later(0.2, os._exit, code)  # after the answer went out
    return {"exit": code}


@app.post("/hang")
async def hang():
    log("hanging: the event loop blocks from now on")
    # After the answer went out, so the caller knows the hang has begun.
    asyncio.get_running_loop().call_later(0.2, block_forever)
    return {"hanging": True}


def block_forever():
    while True:
        time.sleep(3600)


@app.get("/whoami")
async def whoami():
    return {
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "uid": os.getuid(),
        "gid": os.getgid(),
        "API_HOST": os.environ.get("API_HOST"),
        "API_PORT": os.environ.get("API_PORT"),
        "argv": sys.argv,
    }
