#!/usr/bin/env bash
# The next GPU session's toy experiments (issue 7), prepared and checked with SIM=1 in session 7:
#  1. a curriculum from marked to unmarked judgment prompts: does a judge that already reads
#     WRONG marks learn to make them itself when the marks thin out? (stage 1: every prompt
#     marked; stage 2, from stage 1's weights: a quarter marked), probed on marked and on
#     unmarked prompts as it trains;
#  2. a quarter of the prompts marked from the start (the same question without stages);
#  3. throughput of one train:toy process against documents per step (16 / 64 / 128), the
#     cheapest way to more documents per minute if the step is latency-bound.
# Starts from the committed toy (2 × 64); SIM=1 runs it here on lavapipe with tiny budgets.
#
#   device run: bash scripts/device/curriculum.sh     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
W=runs/gpu-curriculum
rm -rf "$W"; mkdir -p "$W"
STAGE1_S=${STAGE1_S:-180}    # marked-only stage (the GPU reached held-out PairAcc 0.89 in ~260 s)
STAGE2_S=${STAGE2_S:-180}
SCALE_S=${SCALE_S:-30}       # each throughput run (node start and pipeline compilation included)
STEPS=${STEPS:-3000}
PROBE_GROUPS=${PROBE_GROUPS:-96}
probe() { # checkpoint-or-folder name: marked and unmarked prompts
  run_ts scripts/toy-judge-probe.ts "$1" --groups "$PROBE_GROUPS" --marker >> "$W/$2.probe.jsonl" 2>> "$W/$2.probe.err"
  run_ts scripts/toy-judge-probe.ts "$1" --groups "$PROBE_GROUPS" >> "$W/$2.probe.jsonl" 2>> "$W/$2.probe.err"
}

BASE=(--from public/models/dust-toy --judgment-share 1 --judgment-rankings oracle --prompt-weight 0 --lr 2e-3 --min-lr 2e-3 --warmup 5 --checkpoint-every 50 --seed 7 --steps "$STEPS")
# 3. throughput first, alone on the GPU (each --steps 1000, stopped by the clock)
for b in 16 64 128; do
  train_toy "scale-b$b" "$SCALE_S" --batch "$b" --micro-batch "$(( b < 32 ? b : 32 ))" "${BASE[@]}"
  say "batch $b: $(grep -E '^step' "$W/scale-b$b.log" | tail -1 | cut -c1-150)"
done
# 1 + 2 in parallel
train_toy stage1 "$STAGE1_S" --judgment-marker 1 "${BASE[@]}" &
S1=$!
train_toy quarter $(( STAGE1_S + STAGE2_S )) --judgment-marker 0.25 "${BASE[@]}" &
Q=$!
wait "$S1"
run_ts scripts/toy-export.ts "$W/stage1/train-checkpoint.safetensors" "$W/stage1-model" > /dev/null
probe "$W/stage1-model" stage1
say "stage 1 done: $(tail -2 "$W/stage1.probe.jsonl" | cut -c1-200)"
STAGE2=(--from "$W/stage1-model" --judgment-share 1 --judgment-rankings oracle --prompt-weight 0 --lr 2e-3 --min-lr 2e-3 --warmup 5 --checkpoint-every 50 --seed 8 --steps "$STEPS" --judgment-marker 0.25)
train_toy stage2 "$STAGE2_S" "${STAGE2[@]}" &
S2=$!
half=$(( $(el) + STAGE2_S / 2 ))
while [ "$(el)" -lt "$half" ]; do sleep 10; done
for r in stage2 quarter; do cp "$W/$r/train-checkpoint.safetensors" "$W/$r.mid.safetensors" && probe "$W/$r.mid.safetensors" "$r"; done
wait "$S2" "$Q"
for r in stage2 quarter; do probe "$W/$r/train-checkpoint.safetensors" "$r"; done
for f in "$W"/*.probe.jsonl; do echo "== $f"; node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) { const r = JSON.parse(l); console.log(`step ${r.step ?? "-"} ${r.marker ? "marked  " : "unmarked"} ${r.split}: E[PairAcc] ${r.expectedPairAcc}  mass ${r.rankingTokenMass}`); }' "$f"; done
rm -f "$W"/*.mid.safetensors
tar -cJf "$OUT/curriculum-logs.tar.xz" --exclude='*.safetensors' "$W"
say done
