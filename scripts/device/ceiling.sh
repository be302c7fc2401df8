#!/usr/bin/env bash
# The toy's supervised ceiling at GPU scale (issue 7), in one device call: continue toy models
# on judgment documents only with oracle rankings (correct candidates first), tens of
# thousands of documents, probing every run's checkpoint as it goes. With --judgment-marker
# the buggy candidates are marked WRONG: if a model cannot learn even that, the judge fails at
# carrying four marks to the answer token, not at seeing bugs. Starting folders are carried
# in .dev/models (scripts/device/README.md). SIM=1 runs it here on lavapipe.
#
#   device run: bash scripts/device/ceiling.sh     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-ceiling
TRAIN_S=${TRAIN_S:-400}
PROBE_EVERY=${PROBE_EVERY:-100}
STEPS=${STEPS:-3000}
PROBE_GROUPS=${PROBE_GROUPS:-96}

COMMON=(--judgment-share 1 --judgment-rankings oracle --lr 2e-3 --min-lr 2e-3 --warmup 5 --checkpoint-every 50 --seed 7 --steps "$STEPS")
M=.dev/models
declare -A RUN=(
  [m-2x64-marker]="--from public/models/dust-toy --judgment-marker 1 --prompt-weight 0"
  [m-4x128-marker]="--from $M/a-4x128-t50 --layers 4 --hidden 128 --heads 4 --intermediate 384 --judgment-marker 1 --prompt-weight 0"
  [o-2x64]="--from public/models/dust-toy --prompt-weight 0"
  [o-4x128]="--from $M/b-4x128-oracle --layers 4 --hidden 128 --heads 4 --intermediate 384 --prompt-weight 0"
  [o-4x128-pw]="--from $M/b-4x128-oracle --layers 4 --hidden 128 --heads 4 --intermediate 384 --prompt-weight 0.2"
  [o-4x128-lr5]="--from $M/a-4x128-t50 --layers 4 --hidden 128 --heads 4 --intermediate 384 --prompt-weight 0 --lr 5e-4 --min-lr 5e-4"
)
[ -n "${RUNS:-}" ] || RUNS="${!RUN[*]}"
start_trainings "$TRAIN_S" RUN "$RUNS" "${COMMON[@]}"
probe_all() {
  local probes=()
  for r in $RUNS; do
    c="$W/$r/train-checkpoint.safetensors"
    [ -f "$c" ] || continue
    cp "$c" "$W/$r.probe.safetensors"
    mk=""; case "$r" in *marker*) mk="--marker";; esac
    run_ts scripts/toy-judge-probe.ts "$W/$r.probe.safetensors" --groups "$PROBE_GROUPS" $mk >> "$W/$r.probe.jsonl" 2>> "$W/$r.probe.err" &
    probes+=($!)
  done
  [ ${#probes[@]} -gt 0 ] && wait "${probes[@]}"
}
while [ "$(el)" -lt $(( TRAIN_S - PROBE_EVERY / 2 )) ]; do
  sleep "$PROBE_EVERY"
  say "probe"; probe_all
  for r in $RUNS; do
    echo "  $r: $(grep -E '^step' "$W/$r.log" | tail -1 | cut -c1-110) | $(tail -2 "$W/$r.probe.jsonl" 2>/dev/null | node -e 'for (const l of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) { const r = JSON.parse(l); process.stdout.write(`${r.split} step ${r.step} E[PairAcc] ${r.expectedPairAcc} mass ${r.rankingTokenMass}  `); }')"
  done
done
wait "${PIDS[@]}"
say "final probe"; probe_all
for f in "$W"/*.probe.jsonl; do echo "== $f"; cat "$f"; done
rm -f "$W"/*.probe.safetensors
tar -cJf "$OUT/ceiling-logs.tar.xz" --exclude='*.safetensors' "$W"
say done
