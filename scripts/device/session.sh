#!/usr/bin/env bash
# One lent-GPU session's work in one device call (scripts/device/README.md): unpack the carried
# Node and node_modules, check that Dawn sees the GPU, then in parallel train the toy variants
# (issue 7: can a bigger toy judge?) and run the gpu test project; probe every variant; then
# either reproduce DuST on the best judge (dust repro) or, if none judges, run the benchmarks.
# Everything lands in $OUT as at most 8 files. SIM=1 runs it here on lavapipe with tiny
# budgets, to check the script before spending device time.
#
#   device run: bash scripts/device/session.sh     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-session
BUDGET=${BUDGET:-550}       # the whole script, seconds
TRAIN_S=${TRAIN_S:-240}     # wall clock for the parallel training runs
PROBE_GROUPS=${PROBE_GROUPS:-96}
STEPS=${STEPS:-1600}
JUDGE_MIN=${JUDGE_MIN:-0.53} # eval E[PairAcc] a variant needs for the reproduction to be worth the time

# 1. the toy variants in parallel (+ the gpu test project beside them)
COMMON=(--heads 4 --intermediate 384 --judgment-share 0.3 --prompt-weight 0.2 --lr 5e-3 --min-lr 5e-4 --checkpoint-every 50 --seed 1)
declare -A VARIANT=(
  [a-4x128-t50]="--layers 4 --hidden 128 --judgment-rankings 0.5 --steps $STEPS"
  [b-4x128-oracle]="--layers 4 --hidden 128 --judgment-rankings oracle --steps $STEPS"
  [c-6x128-t50]="--layers 6 --hidden 128 --judgment-rankings 0.5 --steps $STEPS"
  [d-4x128-t50-wd0]="--layers 4 --hidden 128 --judgment-rankings 0.5 --weight-decay 0 --steps $STEPS"
  [e-4x192-t50]="--layers 4 --hidden 192 --heads 6 --intermediate 576 --judgment-rankings 0.5 --steps $STEPS"
  [f-4x128-t50-3x]="--layers 4 --hidden 128 --judgment-rankings 0.5 --steps $((STEPS * 3))"
)
[ -n "${VARIANTS:-}" ] || VARIANTS="${!VARIANT[*]}"
if [ -z "${NO_TESTS:-}" ]; then
  node node_modules/vitest/vitest.mjs run --project gpu ${TEST_FILES:-} --maxWorkers=4 --reporter=json --outputFile.json="$W/vitest-gpu.json" > "$W/vitest-gpu.log" 2>&1 &
  TESTS=$!
fi
start_trainings "$TRAIN_S" VARIANT "$VARIANTS" "${COMMON[@]}"
wait "${PIDS[@]}"
for v in $VARIANTS; do
  if [ ! -f "$W/$v/model.safetensors" ] && [ -f "$W/$v/train-checkpoint.safetensors" ]; then
    run_ts scripts/toy-export.ts "$W/$v/train-checkpoint.safetensors" "$W/$v" > /dev/null && echo partial > "$W/$v/PARTIAL"
  fi
  say "$v: $(grep -E '^step' "$W/$v.log" | tail -1 | cut -c1-160) $( [ -f "$W/$v/PARTIAL" ] && echo '(stopped: exported its last checkpoint)')"
done

# 2. the probe of every variant (parallel)
PIDS=()
for v in $VARIANTS; do
  if [ -f "$W/$v/model.safetensors" ]; then
    run_ts scripts/toy-judge-probe.ts "$W/$v" --groups "$PROBE_GROUPS" > "$W/$v.probe.jsonl" 2> "$W/$v.probe.err" &
    PIDS+=($!)
  fi
done
[ ${#PIDS[@]} -gt 0 ] && wait "${PIDS[@]}"
cat "$W"/*.probe.jsonl
BEST=$(cat "$W"/*.probe.jsonl | node -e '
  const rows = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const ev = rows.filter((r) => r.split === "eval" && !r.model.includes("oracle")).sort((a, b) => b.expectedPairAcc - a.expectedPairAcc);
  if (ev[0]) console.log(ev[0].model, ev[0].expectedPairAcc);')
say "best judge (eval, not oracle-taught): ${BEST:-none}"

# 3. the reproduction on the best judge, or the benchmarks if none judges
LEFT=$(( BUDGET - $(el) - 40 ))
if [ -n "$BEST" ] && node -e "process.exit(${BEST#* } >= $JUDGE_MIN ? 0 : 1)" && [ "$LEFT" -gt 60 ]; then
  say "dust repro on ${BEST% *} (${LEFT} s)"
  timeout -s INT -k 20 "$LEFT" node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts repro --preset toy-repro-cpu --seeds 3 --model "${BEST% *}" --out "$W/repro" > "$W/repro.log" 2>&1
  tail -5 "$W/repro.log"; cat "$W/repro/summary.md" 2>/dev/null
elif [ "$LEFT" -gt 30 ]; then
  for s in kernels train grpo; do
    LEFT=$(( BUDGET - $(el) - 40 )); [ "$LEFT" -gt 20 ] || break
    say "bench $s (${LEFT} s at most)"
    timeout "$LEFT" node --import tsx --import ./scripts/raw-loader.mjs bench/run.ts "$s" --json "$W/bench-$s.json" > "$W/bench-$s.log" 2>&1
  done
fi

# 4. pack: the tests' counts, one archive of logs and summaries, one per model folder
if [ -n "${TESTS:-}" ]; then
  if kill -0 "$TESTS" 2>/dev/null; then say "gpu tests still running: stopped"; kill "$TESTS"; fi
  wait "$TESTS" 2>/dev/null
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`[gpu tests] ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`); for (const f of r.testResults) for (const a of f.assertionResults) if (a.status === "failed") console.log("  FAILED", a.fullName, (a.failureMessages[0] ?? "").slice(0, 300));' "$W/vitest-gpu.json" 2>/dev/null || tail -20 "$W/vitest-gpu.log"
fi
tar -cJf "$OUT/logs.tar.xz" --exclude='*.safetensors' --exclude='checkpoints' "$W"
for v in $VARIANTS; do
  [ -f "$W/$v/model.safetensors" ] && tar -cf "$OUT/model-$v.tar" -C "$W" --exclude='train-checkpoint.safetensors' "$v"
done
ls -la "$OUT"
say done
