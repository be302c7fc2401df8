#!/usr/bin/env bash
# Prepared in session 12 for the next GPU session (issue 7): does the toy's ranking learn to
# follow the verdicts its thinking answer writes, given enough optimiser *steps*, and can DuST
# teach it that? One call of at most BUDGET seconds:
#  1. a thinking-verdict base (true verdicts in <think>, random rankings: the judge at chance by
#     construction) from the committed toy, BASE_S seconds, beside two supervised runs on
#     thinking judgments with oracle rankings at 8 and 32 documents per step (as many steps as
#     ORACLE_S allows), probed every PROBE_EVERY seconds;
#  2. once the base is trained: DuST (off-policy, toy-repro, one seed) on it for DUST_EPOCHS data
#     passes (~60 optimiser steps per pass), beside the oracle runs.
# Session 12 measured the reason to ask: on the H200, 146 steps of 128 documents (9,377
# oracle-ranked thinking judgments) left the ranking after the true verdicts at 0.500; on the
# CPU the same model continued at 8 documents per step read 0.556 / 0.641 / 0.695 / 0.765 on
# unseen settings after 300 / 450 / 600 / 800 more steps (docs/results/README.md, "Optimiser
# steps, not documents"). SIM=1 runs it here on lavapipe with tiny budgets.
#
#   device run: bash scripts/device/steps.sh 2>&1 | tee $OUT/steps.log     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-steps
BUDGET=${BUDGET:-560}
BASE_S=${BASE_S:-150}
ORACLE_S=${ORACLE_S:-480}
PROBE_EVERY=${PROBE_EVERY:-120}
PROBE_GROUPS=${PROBE_GROUPS:-96}
DUST_EPOCHS=${DUST_EPOCHS:-8}
STEPS=${STEPS:-20000}
BASE_BATCH=${BASE_BATCH:-64}

THINK="--from public/models/dust-toy --thinking-verdicts --lr 2e-3 --min-lr 2e-3 --warmup 5 --checkpoint-every 50 --seed 12 --steps $STEPS"
declare -A BASE=([base]="--judgment-share 0.5 --verdict-share 0.2 --verdict-format prompt --batch $BASE_BATCH --micro-batch $BASE_BATCH")
declare -A ORACLE=(
  [oracle-b8]="--judgment-share 1 --judgment-rankings oracle --batch 8 --micro-batch 8"
  [oracle-b32]="--judgment-share 1 --judgment-rankings oracle --batch 32 --micro-batch 32"
)
start_trainings "$BASE_S" BASE base $THINK
BASE_PIDS=("${PIDS[@]}")
start_trainings "$ORACLE_S" ORACLE "${!ORACLE[*]}" $THINK
ORACLE_PIDS=("${PIDS[@]}")
RUNS="base ${!ORACLE[*]}"

probe_all() {
  local probes=() r c
  for r in $RUNS; do
    c="$W/$r/train-checkpoint.safetensors"
    [ -f "$c" ] || continue
    cp "$c" "$W/$r.probe.safetensors"
    run_ts scripts/toy-judge-probe.ts "$W/$r.probe.safetensors" --groups "$PROBE_GROUPS" --thinking >> "$W/$r.probe.jsonl" 2>> "$W/$r.probe.err" &
    probes+=($!)
  done
  [ ${#probes[@]} -gt 0 ] && wait "${probes[@]}"
  for r in $RUNS; do
    echo "  $r: $(grep -E '^step' "$W/$r.log" 2>/dev/null | tail -1 | cut -c1-60) | $(tail -2 "$W/$r.probe.jsonl" 2>/dev/null | node -e 'for (const l of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) { const r = JSON.parse(l); process.stdout.write(`${r.split} step ${r.step}: verdicts ${r.thinkingVerdictPairAcc} ranking after them ${r.thinkingJudgePairAcc}  `); }')"
  done
}

# 2. DuST on the base once it is trained (in the background), probing the oracle runs meanwhile
( wait_for() { while kill -0 "$1" 2>/dev/null; do sleep 2; done; }
  for p in "${BASE_PIDS[@]}"; do wait_for "$p"; done
  [ -f "$W/base/train-checkpoint.safetensors" ] && [ "$(left)" -gt 90 ] || exit 0
  run_ts scripts/toy-export.ts "$W/base/train-checkpoint.safetensors" "$W/base-model" > /dev/null
  echo '{"preset": "toy-repro", "name": "toy-repro-think-long", "train": {"lr": 0.0005, "dataEpochs": '"$DUST_EPOCHS"', "maxNewTokens": 48, "checkpointEvery": 100}, "eval": {"judgeMaxNewTokens": 48}}' > "$W/dust.json"
  timeout -s INT -k 20 $(( $(left) - 25 )) node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts repro --config "$W/dust.json" --model "$W/base-model" --seeds 1 --modes off-policy --out "$W/repro" > "$W/repro.txt" 2>&1
) &
DUST_PID=$!

NEXT=$(( $(el) + PROBE_EVERY ))
while kill -0 "${ORACLE_PIDS[0]}" 2>/dev/null || kill -0 "${ORACLE_PIDS[1]}" 2>/dev/null; do
  sleep 5
  [ "$(el)" -ge "$NEXT" ] && { say "probe"; probe_all; NEXT=$(( $(el) + PROBE_EVERY )); }
done
say "final probe"; probe_all
wait "$DUST_PID"
say "DuST on the base:"
grep -E 'validation at step|^\[repro\]' "$W/repro.txt" | tail -14
node -e 'const t = require("fs").readFileSync(process.argv[1], "utf8"); const r = [...t.matchAll(/step (\d+): reward ([\d.-]+)/g)].map((m) => +m[2]); const mean = (a) => a.length ? (a.reduce((x, y) => x + y, 0) / a.length).toFixed(3) : "-"; for (let i = 0; i < r.length; i += 100) console.log(`  steps ${i + 1}-${Math.min(i + 100, r.length)}: mean reward ${mean(r.slice(i, i + 100))}`);' "$W/repro.txt" 2>/dev/null
cat "$W/repro/summary.md" 2>/dev/null
cat "$W"/*.probe.jsonl > "$OUT/probes.jsonl" 2>/dev/null
cp "$W/repro/summary.md" "$OUT/repro-summary.md" 2>/dev/null
rm -f "$W"/*.probe.safetensors
tar -cJf "$OUT/steps-logs.tar.xz" --exclude='*.safetensors' --exclude='checkpoints' "$W"
say done
