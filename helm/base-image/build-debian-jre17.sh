#!/usr/bin/env bash
# Builds a Debian 12 + OpenJDK 17 JRE base image as a Docker-format tarball (the `docker save`
# layout: manifest.json, config.json, one layer), from Debian packages only, with no Docker
# daemon and no container registry. Jib reads such a tarball as a base image:
#
#   sudo helm/base-image/build-debian-jre17.sh target/base/debian-jre17.tar
#   mvn -Pimage package -Djib.from.image=tar://$PWD/target/base/debian-jre17.tar
#
# Why it exists: some build machines reach Debian's package mirror and Maven Central but no
# container registry, so eclipse-temurin:17-jre cannot be pulled there. Where a registry is
# reachable, the profile's default base image is the better choice (smaller, patched upstream).
#
# Needs root (debootstrap) and the debootstrap package (apt-get install debootstrap).
set -euo pipefail

out=${1:?usage: build-debian-jre17.sh OUTPUT.tar [MIRROR]}
mirror=${2:-http://deb.debian.org/debian}
suite=bookworm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  "$suite" "$rootfs" "$mirror"

# What a runtime image does not need: package caches, documentation, and the device nodes and
# mount points the container runtime provides itself.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/* \
  "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/tmp/* "$rootfs"/run/*
# The unprivileged user the application runs as (the chart's runAsUser): a passwd entry gives
# the JVM a user.home instead of "?".
echo 'billing:x:10001:10001:authpay-billing:/tmp:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'billing:x:10001:' >>"$rootfs/etc/group"

mkdir -p "$work/image"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/image/layer.tar" .
diff_id=sha256:$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
java_home=/usr/lib/jvm/java-17-openjdk-amd64
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)

cat >"$work/image/config.json" <<JSON
{
  "architecture": "amd64",
  "os": "linux",
  "created": "$created",
  "config": {
    "Env": [
      "PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=$java_home",
      "LANG=C.UTF-8"
    ],
    "Cmd": ["java", "-version"]
  },
  "rootfs": { "type": "layers", "diff_ids": ["$diff_id"] },
  "history": [ { "created": "$created", "created_by": "debootstrap $suite minbase + openjdk-17-jre-headless" } ]
}
JSON
cat >"$work/image/manifest.json" <<JSON
[ { "Config": "config.json", "RepoTags": ["local/debian-jre17:$suite"], "Layers": ["layer.tar"] } ]
JSON

mkdir -p "$(dirname "$out")"
tar -C "$work/image" -cf "$out" manifest.json config.json layer.tar
echo "wrote $out ($(du -h "$out" | cut -f1)); use -Djib.from.image=tar://$(realpath "$out")"
