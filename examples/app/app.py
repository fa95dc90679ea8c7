"""The example service of examples/Dockerfile: a FastAPI app that uvicorn serves on the
API_HOST/API_PORT lucid-init validated and substituted for {host}/{port}.

lucid-init runs it as PID 1's only child, checks it with `lucid-init probe --http /health`
(the image's HEALTHCHECK) and, on `docker stop`, forwards SIGTERM: uvicorn stops accepting,
finishes the requests in flight, runs the shutdown handler below and exits 0, so the container
exits 0.
"""

import logging

from fastapi import FastAPI

app = FastAPI(title="Lucid API (lucid-init example)")
log = logging.getLogger("uvicorn.error")


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/")
async def root():
    return {"service": "api", "message": "hello from behind lucid-init"}


@app.on_event("shutdown")
async def shutdown():
    log.info("api: shutdown handler ran, connections closed")
