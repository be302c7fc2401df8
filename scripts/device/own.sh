#!/usr/bin/env bash
# Prepared in session 13 for a GPU session (issue 7): DuST on a thinking-verdict base whose
# verdicts were learnt on the toy's *own samples*. Session 12's thinking judges wrote verdicts
# that were right 0.80 of the time on the corpus's hand-written groups but 52 % on the toy's
# own samples (the order of their yes/no margins was right, 0.82-0.90 PairAcc on own samples;
# the threshold was not), so DuST's groups got verdicts no better than coin flips. One call of
# at most BUDGET seconds:
#  1. the committed toy's own samples: $OWN (carried; else sampled here with `dust build`, all
#     297 problems × 16, labelled in the sandbox);
#  2. from the committed toy, BASE_S seconds, at once: 'own' (thinking verdicts, random
#     rankings, half of the judgment and verdict groups from own samples) and 'pool' (the same
#     without own samples: session 12's base); and for ORACLE_S seconds 'own-oracle' (the same
#     as 'own' with oracle rankings, 8 documents per step: the supervised ceiling end to end),
#     probed every PROBE_EVERY seconds on own-sample groups;
#  3. both bases exported and probed; DuST (off-policy, toy-repro, one seed, 48-token thinking
#     judgments, DUST_EPOCHS data passes) on 'own' at lr 5e-4 and 2e-4 and on 'pool' at 5e-4,
#     at once; then every evaluation's written verdicts audited (scripts/toy-verdict-audit.ts).
# SIM=1 runs it here on lavapipe with tiny budgets.
#
#   device run: bash scripts/device/own.sh 2>&1 | tee $OUT/own.log     carry: .dev .gl runs/own-all
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-own
BUDGET=${BUDGET:-560}
BASE_S=${BASE_S:-150}
ORACLE_S=${ORACLE_S:-470}
PROBE_EVERY=${PROBE_EVERY:-120}
PROBE_GROUPS=${PROBE_GROUPS:-96}
DUST_EPOCHS=${DUST_EPOCHS:-8}
DUST_PRESET=${DUST_PRESET:-toy-repro}   # SIM: toy-repro-cpu
BASE_BATCH=${BASE_BATCH:-64}
STEPS=${STEPS:-20000}
OWN=${OWN:-runs/own-all/candidates.jsonl}

# 1. own samples (all 297 problems: the probes' eval line reads the held-out problems' samples)
if [ ! -f "$OWN" ]; then
  echo '{"preset": "toy-repro", "name": "toy-own-samples", "problems": {"split": "hash", "evalFraction": 0.001, "maxEvalProblems": 0}, "seed": 7}' > "$W/own.json"
  run_ts src/cli/dust.ts build --config "$W/own.json" --out "$W/own-all" --quiet > "$W/own-build.log" 2>&1
  OWN="$W/own-all/candidates.jsonl"
  say "own samples: $(tail -1 "$W/own-build.log")"
fi

# 2. the bases and the supervised ceiling
THINK="--from public/models/dust-toy --thinking-verdicts --lr 2e-3 --min-lr 2e-3 --warmup 5 --checkpoint-every ${CKPT_EVERY:-25} --seed 13 --steps $STEPS"
MIX="--judgment-share 0.5 --verdict-share 0.2 --verdict-format prompt"
declare -A BASE=([own]="$MIX --own-samples $OWN --batch $BASE_BATCH --micro-batch $BASE_BATCH" [pool]="$MIX --batch $BASE_BATCH --micro-batch $BASE_BATCH")
declare -A ORACLE=([own-oracle]="$MIX --own-samples $OWN --judgment-rankings oracle --batch 8 --micro-batch 8")
start_trainings "$BASE_S" BASE "${!BASE[*]}" $THINK
BASE_PIDS=("${PIDS[@]}")
start_trainings "$ORACLE_S" ORACLE "${!ORACLE[*]}" $THINK
ORACLE_PID=${PIDS[0]}

probe() {   # probe NAME FILE_OR_DIR: own-sample groups, thinking read-outs, one JSON line per split
  run_ts scripts/toy-judge-probe.ts "$2" --groups "$PROBE_GROUPS" --thinking --own-samples "$OWN" 2>> "$W/$1.probe.err" | grep '^{' >> "$W/$1.probe.jsonl"
  echo "  $1: $(tail -2 "$W/$1.probe.jsonl" | node -e 'for (const l of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) { const r = JSON.parse(l); process.stdout.write(`${r.split} step ${r.step ?? "-"}: verdicts right ${r.thinkingVerdictAccuracy} (PairAcc ${r.thinkingVerdictPairAcc}), ranking after them ${r.thinkingJudgePairAcc}, generator ${r.generatorPairAcc}  `); }')"
}

# 3. DuST on the bases once they are trained (in the background), probing the oracle run meanwhile
( wait_for() { while kill -0 "$1" 2>/dev/null; do sleep 2; done; }
  for p in "${BASE_PIDS[@]}"; do wait_for "$p"; done
  for b in own pool; do
    [ -f "$W/$b/train-checkpoint.safetensors" ] || { say "$b: no checkpoint"; continue; }
    run_ts scripts/toy-export.ts "$W/$b/train-checkpoint.safetensors" "$W/$b-model" > /dev/null
    echo "  $b: $(grep -E '^step' "$W/$b.log" | tail -1 | cut -c1-90)"
    probe "$b" "$W/$b-model" &
  done
  [ "$(left)" -gt 90 ] || exit 0
  dust() {   # dust NAME BASE LR
    echo '{"preset": "'"$DUST_PRESET"'", "name": "toy-repro-'"$1"'", "train": {"lr": '"$3"', "dataEpochs": '"$DUST_EPOCHS"', "maxNewTokens": 48, "checkpointEvery": 100, "validateEvery": 50}, "eval": {"judgeMaxNewTokens": 48}}' > "$W/$1.json"
    [ -d "$W/$2-model" ] || return 0
    timeout -s INT -k 20 $(( $(left) - 30 )) node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts repro --config "$W/$1.json" --model "$W/$2-model" --seeds 1 --modes off-policy --out "$W/$1" > "$W/$1.txt" 2>&1
  }
  dust dust-own own 0.0005 & dust dust-own-2e-4 own 0.0002 & dust dust-pool pool 0.0005 &
  wait
) &
DUST_PID=$!

NEXT=$(( $(el) + PROBE_EVERY ))
while kill -0 "$ORACLE_PID" 2>/dev/null; do
  sleep 5
  if [ "$(el)" -ge "$NEXT" ] && [ -f "$W/own-oracle/train-checkpoint.safetensors" ]; then
    cp "$W/own-oracle/train-checkpoint.safetensors" "$W/own-oracle.probe.safetensors"
    say "probe"; probe own-oracle "$W/own-oracle.probe.safetensors"
    NEXT=$(( $(el) + PROBE_EVERY ))
  fi
done
if [ -f "$W/own-oracle/train-checkpoint.safetensors" ]; then
  run_ts scripts/toy-export.ts "$W/own-oracle/train-checkpoint.safetensors" "$W/own-oracle-model" > /dev/null
  say "final probe"; probe own-oracle "$W/own-oracle-model"
fi
wait "$DUST_PID"
for r in dust-own dust-own-2e-4 dust-pool; do
  say "$r:"
  grep -E '^\[repro\]' "$W/$r.txt" 2>/dev/null | tail -3
  node -e 'const t = require("fs").readFileSync(process.argv[1], "utf8"); const r = [...t.matchAll(/step (\d+): reward ([\d.-]+)/g)].map((m) => +m[2]); const mean = (a) => a.length ? (a.reduce((x, y) => x + y, 0) / a.length).toFixed(3) : "-"; for (let i = 0; i < r.length; i += 100) console.log(`  steps ${i + 1}-${Math.min(i + 100, r.length)}: mean reward ${mean(r.slice(i, i + 100))}`);' "$W/$r.txt" 2>/dev/null
  cat "$W/$r/summary.md" 2>/dev/null
  [ -d "$W/$r/off-policy-seed0" ] && run_ts scripts/toy-verdict-audit.ts "$W/$r/off-policy-seed0" | sed 's/^/  /' | tee -a "$OUT/audit.txt"
done
cat "$W"/*.probe.jsonl > "$OUT/probes.jsonl" 2>/dev/null
for r in dust-own dust-own-2e-4 dust-pool; do [ -f "$W/$r/summary.md" ] && { echo "## $r"; cat "$W/$r/summary.md"; }; done > "$OUT/summaries.md"
# the trained models (a few hundred kB each), for reading them further on the CPU machine
tar -cJf "$OUT/own-models.tar.xz" -C "$W" $(cd "$W" && ls -d *-model */off-policy-seed0/model 2>/dev/null) 2>/dev/null
rm -f "$W"/*.probe.safetensors
tar -cJf "$OUT/own-logs.tar.xz" --exclude='*.safetensors' --exclude='checkpoints' --exclude='own-all' "$W"
say done
