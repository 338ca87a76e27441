#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds redrive and runs the CLI on a built-in example.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  meson ninja-build pkg-config cmake g++ libsimdjson-dev libssl-dev libpugixml-dev libcurl4-openssl-dev >/dev/null
[ -d build ] || meson setup build --wrap-mode=nodownload -Dtests=disabled -Dfuzz=disabled -Dbenchmarks=disabled >/dev/null
ninja -C build redrive >/dev/null

set -x
build/redrive check arn:aws:sqs:us-east-1:123456789012:orders-dlq arn:aws:sqs:us-east-1:1234567890:orders || true
# The main job: the StartMessageMoveTask request that would redrive orders-dlq into orders, printed
# instead of sent (signed when AWS credentials are found, unsigned otherwise).
build/redrive start --source arn:aws:sqs:us-east-1:123456789012:orders-dlq \
  --destination arn:aws:sqs:us-east-1:123456789012:orders --rate 50 --region us-east-1 --dry-run
