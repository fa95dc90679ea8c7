#!/usr/bin/env python3
"""Writes a docker-archive (what `docker save` writes; `docker load` and `podman load` read it) of
an image FROM scratch that holds only /lucid-init.

Written here rather than by `podman build` + `podman save` so that the same binary and the same
labels always give the same bytes: every timestamp is --created, owners are 0, entries are sorted
and nothing is compressed.

usage: make-image-archive.py --binary FILE --arch amd64|arm64 --version V --revision R
                             --created ISO8601 --epoch SECONDS --source URL --tag NAME[:TAG]...
                             --output FILE.tar
"""
import argparse
import hashlib
import io
import json
import tarfile

# What the config's architecture fields mean for each Debian architecture we ship.
PLATFORMS = {"amd64": {"architecture": "amd64"}, "arm64": {"architecture": "arm64", "variant": "v8"}}


def tar_bytes(members, epoch):
    """A tar (ustar, no compression) of (name, data, mode) in the given order, owned by 0:0."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data, mode in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = mode
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--arch", required=True, choices=sorted(PLATFORMS))
    parser.add_argument("--version", required=True)
    parser.add_argument("--revision", required=True)
    parser.add_argument("--created", required=True, help="ISO 8601, UTC")
    parser.add_argument("--epoch", required=True, type=int, help="the same time, in seconds")
    parser.add_argument("--source", required=True)
    parser.add_argument("--tag", required=True, action="append")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    with open(args.binary, "rb") as f:
        binary = f.read()
    layer = tar_bytes([("lucid-init", binary, 0o755)], args.epoch)
    layer_digest = hashlib.sha256(layer).hexdigest()

    config = {
        **PLATFORMS[args.arch],
        "os": "linux",
        "created": args.created,
        "config": {
            # No entrypoint: the image is there to be copied from (COPY --from=...), and
            # `run IMAGE /lucid-init ...` must mean what it says.
            "Cmd": ["/lucid-init", "--version"],
            "Labels": {
                "org.opencontainers.image.title": "lucid-init",
                "org.opencontainers.image.version": args.version,
                "org.opencontainers.image.revision": args.revision,
                "org.opencontainers.image.created": args.created,
                "org.opencontainers.image.source": args.source,
                "org.opencontainers.image.licenses": "MIT",
            },
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer_digest]},
        "history": [{"created": args.created, "created_by": "scripts/make-image-archive.py: /lucid-init"}],
    }
    config_bytes = canonical_json(config)
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = layer_digest + "/layer.tar"
    manifest = [{"Config": config_name, "RepoTags": args.tag, "Layers": [layer_name]}]

    archive = tar_bytes(
        sorted(
            [
                (config_name, config_bytes, 0o644),
                (layer_name, layer, 0o644),
                ("manifest.json", canonical_json(manifest), 0o644),
            ]
        ),
        args.epoch,
    )
    with open(args.output, "wb") as f:
        f.write(archive)


if __name__ == "__main__":
    main()
