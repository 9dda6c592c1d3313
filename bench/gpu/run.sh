#!/usr/bin/env bash
# On an NVIDIA Linux machine with a Vulkan driver:
#   tar xJf edgefuse-gpu-check.tar.xz && edgefuse-gpu-check/run.sh [results.json] [--steps N]
# Checks the adapter is the GPU (not llvmpipe), compares one step with the cpu backend, measures
# webgpu vs wasm (and PyTorch on CUDA when python3 has torch), and writes one JSON file.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
node="$(command -v node || true)"
if [ -z "$node" ] || ! "$node" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)'; then node="$here/node"; fi
out="${1:-gpu-check-$(hostname).json}"
shift || true
cd "$here" && EDGEFUSE_WASM_DIR="$here/wasm" "$node" "$here/gpu-check.mjs" --data "$here/mnist" --torch-peer "$here/torch-peer.py" --out "$out" "$@"
