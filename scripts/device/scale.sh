#!/usr/bin/env bash
# Session 8's device call (issue 7), one call of at most BUDGET seconds:
#  1. the benchmarks alone (kernels with the tfjs baseline, ops, model, train, grpo) and the
#     default `dust run`, timed, on the real GPU;
#  2. where a toy training step's time goes: train:toy alone at 16 / 128 documents per step
#     (2 × 64) and 64 (4 × 128), each profiled per kernel (--profile-step) and timed;
#  3. the supervised ceiling with ~10× session 7's documents: judgment-only oracle training at
#     128 documents per step (2 × 64 at two learning rates, 4 × 128 with and without prompt
#     loss), the marked → quarter-marked curriculum and a quarter-marked run, all at once,
#     probed halfway and at the end; beside them one toy-repro DuST run (its wall time under load).
# SIM=1 runs it here on lavapipe with tiny budgets.
#
#   device run: bash scripts/device/scale.sh 2>&1 | tee $OUT/scale.log     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-scale
BUDGET=${BUDGET:-540}          # seconds this script may take in all
BENCH_S=${BENCH_S:-150}        # the benchmark block, at most
SCALE_S=${SCALE_S:-25}         # each profiled throughput run (node start and compilation included)
PROBE_GROUPS=${PROBE_GROUPS:-96}
STEPS=${STEPS:-5000}
TP=${TP:-small 16,small 128,big 64}   # throughput runs: model and documents per step
BATCH=${BATCH:-128}           # documents per step in part 3
M=.dev/models

# 1. benchmarks and the default run, alone
BENCH_END=$(( $(el) + BENCH_S ))
for s in kernels train grpo ops model; do
  L=$(( BENCH_END - $(el) )); [ "$L" -gt 10 ] || { say "bench $s skipped (no time)"; continue; }
  t=$(el)
  timeout "$L" node --import tsx --import ./scripts/raw-loader.mjs bench/run.ts "$s" ${BENCH_FLAGS:-} --json "$OUT/bench-$s.json" > "$W/bench-$s.txt" 2>&1
  say "bench $s: rc $? in $(( $(el) - t )) s"
done
t=$(el)
timeout 90 node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts run --out "$W/default-run" > "$W/default-run.txt" 2>&1
say "default dust run: rc $? in $(( $(el) - t )) s"; tail -4 "$W/default-run.txt"

# 2. throughput and per-kernel profile, one run at a time
ORACLE=(--judgment-share 1 --judgment-rankings oracle --warmup 5 --checkpoint-every 50 --seed 7 --steps "$STEPS")
SMALL=(--from public/models/dust-toy)
BIG=(--from "$M/b-4x128-oracle" --layers 4 --hidden 128 --heads 4 --intermediate 384)
IFS=, read -ra SPECS <<< "$TP"
for spec in "${SPECS[@]}"; do
  set -- $spec
  if [ "$1" = small ]; then FROM=("${SMALL[@]}"); else FROM=("${BIG[@]}"); fi
  train_toy "tp-$1-b$2" "$SCALE_S" "${FROM[@]}" --batch "$2" --micro-batch "$2" --profile-step 4 --prompt-weight 0 --lr 2e-3 --min-lr 2e-3 "${ORACLE[@]}"
  say "throughput $1 batch $2: $(grep -E '^step' "$W/tp-$1-b$2.log" | tail -1 | cut -c1-140)"
  grep '^profile' "$W/tp-$1-b$2.log" | head -8
done

# 3. the ceiling at 128 documents per step, the curriculum, and a DuST run beside them
TRAIN_S=$(( $(left) - 45 ))
B=(--batch "$BATCH" --micro-batch $(( BATCH < 64 ? BATCH : 64 )))
declare -A RUN=(
  [o-small]="${SMALL[*]} --prompt-weight 0 --lr 2e-3 --min-lr 2e-3"
  [o-small-lr4]="${SMALL[*]} --prompt-weight 0 --lr 4e-3 --min-lr 4e-3"
  [o-big]="${BIG[*]} --prompt-weight 0 --lr 2e-3 --min-lr 2e-3"
  [o-big-pw]="${BIG[*]} --prompt-weight 0.2 --lr 2e-3 --min-lr 2e-3"
  [quarter]="${SMALL[*]} --judgment-marker 0.25 --prompt-weight 0 --lr 2e-3 --min-lr 2e-3"
)
start_trainings "$TRAIN_S" RUN "${!RUN[*]}" "${B[@]}" "${ORACLE[@]}"
S1_S=$(( TRAIN_S * 2 / 5 ))
( train_toy stage1 "$S1_S" "${SMALL[@]}" --judgment-marker 1 --prompt-weight 0 --lr 2e-3 --min-lr 2e-3 "${B[@]}" "${ORACLE[@]}"
  run_ts scripts/toy-export.ts "$W/stage1/train-checkpoint.safetensors" "$W/stage1-model" > /dev/null
  train_toy stage2 $(( TRAIN_S - S1_S - 10 )) --from "$W/stage1-model" --judgment-marker 0.25 --prompt-weight 0 --lr 2e-3 --min-lr 2e-3 "${B[@]}" "${ORACLE[@]}" ) &
PIDS+=($!)
timeout -s INT -k 10 "$TRAIN_S" node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts repro --preset toy-repro --seeds 1 --modes off-policy --out "$W/repro" > "$W/repro.txt" 2>&1 &
REPRO=$!
say "training $TRAIN_S s: ${!RUN[*]} stage1→stage2, and one toy-repro DuST run"
RUNS="${!RUN[*]} stage1 stage2"
probe_all() { # $1: tag
  local probes=()
  for r in $RUNS; do
    c="$W/$r/train-checkpoint.safetensors"
    [ -f "$c" ] || continue
    cp "$c" "$W/$r.$1.safetensors"
    for mk in "" --marker; do
      case "$r$mk" in o-*--marker) continue;; esac
      run_ts scripts/toy-judge-probe.ts "$W/$r.$1.safetensors" --groups "$PROBE_GROUPS" $mk >> "$W/$r.probe.jsonl" 2>> "$W/$r.probe.err" &
      probes+=($!)
    done
  done
  [ ${#probes[@]} -gt 0 ] && wait "${probes[@]}"
  rm -f "$W"/*."$1".safetensors
}
HALF=$(( $(el) + TRAIN_S / 2 ))
while [ "$(el)" -lt "$HALF" ]; do sleep 5; done
say "probe (half)"; probe_all half
wait "${PIDS[@]}"
kill -INT "$REPRO" 2>/dev/null; wait "$REPRO"
say "final probe"; probe_all end
for r in $RUNS; do echo "  $r: $(grep -E '^step' "$W/$r.log" | tail -1 | cut -c1-130)"; done
for f in "$W"/*.probe.jsonl; do echo "== $f"; node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) { const r = JSON.parse(l); console.log(`step ${r.step ?? "-"} ${r.marker ? "marked  " : "unmarked"} ${r.split}: E[PairAcc] ${r.expectedPairAcc}  top1 ${r.expectedTop1Correct} (base ${r.baseRate})  in-context ${r.inContextPairAcc}  mass ${r.rankingTokenMass}`); }' "$f"; done
echo "== repro"; grep -vE '^\s*$' "$W/repro.txt" | tail -12
cat "$W"/*.probe.jsonl > "$OUT/probes.jsonl"
tar -cJf "$OUT/scale-logs.tar.xz" --exclude='*.safetensors' --exclude='checkpoints' "$W"
say done
