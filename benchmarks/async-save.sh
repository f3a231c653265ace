#!/usr/bin/env bash
# What 128 MiB of extra state costs GanDemo in wall time with synchronous saves and with --async-save, three runs in one
# script: no extra state; --extra-state-mb 128; the same with --async-save. --steps-per-epoch 200 makes an epoch's
# compute outlast writing 128 MiB here, so a background save can finish before the next one is due.
# Usage: benchmarks/async-save.sh DIR [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: benchmarks/async-save.sh DIR [EPOCHS]}"
epochs="${2:-10}"
mkdir -p "$dir"
dotnet build -c Release samples/GanDemo -v quiet -nologo >/dev/null

run() { # name, extra options...
  local name="$1"; shift
  rm -rf "$dir/$name"
  local start end
  start=$(date +%s%N)
  dotnet run -c Release --no-build --project samples/GanDemo -- --run "$dir/$name" --epochs "$epochs" --steps-per-epoch 200 "$@" >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

plain=$(run plain)
sync=$(run sync --extra-state-mb 128)
async=$(run async --extra-state-mb 128 --async-save)
rm -rf "$dir/plain" "$dir/sync" "$dir/async"
python3 - "$plain" "$sync" "$async" "$epochs" <<'PY'
import json, sys
plain, sync, background = (float(value) / 1000 for value in sys.argv[1:4])
epochs = int(sys.argv[4])
print(json.dumps({"epochs": epochs, "plain_s": round(plain, 2), "sync_s": round(sync, 2), "async_s": round(background, 2),
                  "extra_cost_sync_s": round(sync - plain, 2), "extra_cost_async_s": round(background - plain, 2),
                  "async_cost_ratio": round((background - plain) / (sync - plain), 3)}))
PY
