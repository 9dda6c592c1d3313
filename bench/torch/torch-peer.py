# PyTorch peer of `npm run bench:train -- --peer torch` (run by bench/torch/run-torch-peer.ts).
# Trains the same CNN as trainer/model/create-model.ts on the same MNIST IDX files with the same
# batch size, loss (softmax cross-entropy with label smoothing), Adam learning rate and thread
# count, times the full loop (batch slicing, forward, backward, optimizer step) after untimed
# warm-up steps, and prints one JSON line:
#   {"samplesPerSecond": ..., "threads": ..., "torchVersion": ...}
# Layer sizes match tfjs exactly; tfjs is NHWC and PyTorch NCHW, so the flatten order differs,
# which changes no FLOP count.
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn

ARCHITECTURES = ("cnn-small", "cnn-compact", "cnn-3conv")


def read_idx(path: str, limit: int) -> np.ndarray:
    """First `limit` items (0 = all) of an unsigned-byte IDX file, shaped [items, ...]."""
    with open(path, "rb") as file:
        header = file.read(4)
        if len(header) != 4 or header[0] != 0 or header[1] != 0 or header[2] != 0x08:
            raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {header.hex()})")
        dims = [int.from_bytes(file.read(4), "big") for _ in range(header[3])]
        if limit > 0:
            dims[0] = min(dims[0], limit)
        count = int(np.prod(dims))
        data = np.frombuffer(file.read(count), dtype=np.uint8)
    if data.size != count:
        raise ValueError(f"{path}: expected {count} bytes of data, read {data.size}")
    return data.reshape(dims)


def build_model(architecture: str, channels: int, height: int, width: int, classes: int, dropout: float) -> nn.Sequential:
    """The twin of createModel(): valid 3×3 convolutions with relu, 2×2 max pooling, dense head."""
    pooled_h, pooled_w = ((height - 2) // 2 - 2) // 2, ((width - 2) // 2 - 2) // 2
    layers: list = [
        nn.Conv2d(channels, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    ]
    drop = [nn.Dropout(dropout)] if dropout > 0 else []
    if architecture == "cnn-3conv":
        layers += [nn.Conv2d(32, 64, 3), nn.ReLU(), nn.Flatten(), *drop, nn.Linear(64 * (pooled_h - 2) * (pooled_w - 2), classes)]
    else:
        hidden = 32 if architecture == "cnn-compact" else 64
        layers += [nn.Flatten(), *drop, nn.Linear(32 * pooled_h * pooled_w, hidden), nn.ReLU(), *drop, nn.Linear(hidden, classes)]
    model = nn.Sequential(*layers)
    # Same initializers as tfjs: He normal for hidden layers, Glorot uniform for the classifier.
    weighted = [layer for layer in model if isinstance(layer, (nn.Conv2d, nn.Linear))]
    for layer in weighted[:-1]:
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
        nn.init.zeros_(layer.bias)
    nn.init.xavier_uniform_(weighted[-1].weight)
    nn.init.zeros_(weighted[-1].bias)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description="PyTorch peer of npm run bench:train")
    parser.add_argument("--mnist-dir", required=True, help="directory with train-images-idx3-ubyte and train-labels-idx1-ubyte")
    parser.add_argument("--model", choices=ARCHITECTURES, default="cnn-small")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--warmup-steps", type=int, default=10)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--train-limit", type=int, default=4096, help="first N training examples (0 = all)")
    parser.add_argument("--num-classes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--device", default="cpu", help="torch device: cpu, or cuda on a GPU machine (bench/gpu)")
    args = parser.parse_args()
    if args.threads < 1 or args.batch_size < 1 or args.steps < 1 or args.warmup_steps < 0:
        parser.error("--threads, --batch-size and --steps must be positive, --warmup-steps non-negative")

    # Before any parallel work starts: intra-op threads as asked, one inter-op thread.
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)

    pixels = read_idx(os.path.join(args.mnist_dir, "train-images-idx3-ubyte"), args.train_limit)  # [n, h, w] uint8
    labels = read_idx(os.path.join(args.mnist_dir, "train-labels-idx1-ubyte"), args.train_limit)  # [n] uint8
    count, height, width = pixels.shape
    if count < args.batch_size:
        raise ValueError(f"batch size {args.batch_size} is larger than the training set ({count} examples)")
    images = torch.from_numpy(pixels.astype(np.float32) / 255.0).reshape(count, 1, height, width)  # [n, 1, h, w] in [0, 1]
    targets = torch.from_numpy(labels.astype(np.int64))  # [n]
    device = torch.device(args.device)
    images, targets = images.to(device), targets.to(device)

    model = build_model(args.model, 1, height, width, args.num_classes, args.dropout).to(device)
    model.train()
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    steps_per_epoch = count // args.batch_size
    order = torch.randperm(count, device=device)

    def train_step(step: int) -> float:
        nonlocal order
        if step > 0 and step % steps_per_epoch == 0:
            order = torch.randperm(count, device=device)
        start = (step % steps_per_epoch) * args.batch_size
        index = order[start:start + args.batch_size]
        batch_images, batch_targets = images[index], targets[index]  # [batch, 1, h, w], [batch]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(batch_images), batch_targets)
        loss.backward()
        optimizer.step()
        return loss.item()  # edgefuse also reads the loss back every step

    for step in range(args.warmup_steps):
        train_step(step)
    started = time.perf_counter()
    loss = float("nan")
    for step in range(args.warmup_steps, args.warmup_steps + args.steps):
        loss = train_step(step)
    seconds = time.perf_counter() - started

    print(json.dumps({
        "samplesPerSecond": args.steps * args.batch_size / seconds,
        "threads": torch.get_num_threads(),
        "torchVersion": torch.__version__,
        "measuredSteps": args.steps,
        "finalLoss": loss if math.isfinite(loss) else None,
    }))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as error:
        print(f"torch-peer: {error}", file=sys.stderr)
        sys.exit(1)
