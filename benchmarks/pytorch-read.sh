#!/usr/bin/env bash
# Reading a ~1 GiB .pth: Ratchet's safe reader and torch.load, each against a sequential read of the same cached file.
# Usage: benchmarks/pytorch-read.sh [DIR] [SIZE_MB]   (needs python3-torch: apt-get install python3-torch)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${TMPDIR:-/tmp}/ratchet-benchmarks}
size_mb=${2:-1024}
mkdir -p "$dir"
file="$dir/bench.pth"
python=/usr/bin/python3

# A state dict shaped like a model: 64 float32 tensors, one of them a transposed view, plus an optimizer-like dict.
"$python" - "$file" "$size_mb" <<'PY'
import sys, torch
path, size_mb = sys.argv[1], int(sys.argv[2])
per = size_mb * (1 << 20) // 4 // 64
g = torch.Generator().manual_seed(0)
model = {f"layer.{i}.weight": torch.randn(per, generator=g) for i in range(63)}
model["head.weight"] = torch.randn(1024, per // 1024, generator=g).t()
torch.save({"model": model, "iteration": 10, "learning_rate": 1e-4}, path)
PY

# torch.load against a sequential read of the same cached file, in one Python process.
"$python" - "$file" <<'PY'
import sys, time, torch, json
path = sys.argv[1]
import os
buffer = bytearray(os.path.getsize(path))  # allocated once, as the C# baseline's destination is
with open(path, "rb", buffering=0) as f: f.readinto(buffer)  # warm the cache and fault the buffer in
def median(xs): xs = sorted(xs); return xs[len(xs) // 2]
seq, load = [], []
for _ in range(3):
    t = time.perf_counter()
    with open(path, "rb", buffering=0) as f: n = f.readinto(buffer)
    seq.append(n / (time.perf_counter() - t) / 2**20)
    t = time.perf_counter(); sd = torch.load(path, map_location="cpu"); n = sum(v.numel() * v.element_size() for v in sd["model"].values())
    load.append(n / (time.perf_counter() - t) / 2**20); del sd
print(json.dumps({"torch_load_ratio": round(median(load) / median(seq), 2), "torch_load_mb_s": round(median(load)), "python_sequential_mb_s": round(median(seq))}))
PY

dotnet run -c Release --project benchmarks/Ratchet.Benchmarks -- pytorch --file "$file" --rounds 5
rm -f "$file"
