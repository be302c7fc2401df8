#!/usr/bin/env bash
# Prepared in session 8 for the next GPU session (issue 7 and the decode speed), one call of at
# most BUDGET seconds:
#  1. `bench model` and `bench train`, which now profile one decode step / one training step per
#     kernel and report the host's share (decode_host_ms): where SmolLM2's 11.6 ms per decoded
#     token on the H100 go (its weights take 1.5 ms to read); and `bench generate` (session 10):
#     pipelined decoding against waiting for every step, toy and SmolLM2 shapes; and `bench ops`
#     (its decode_layer figures: RMSNorm folded into the matvecs + RoPE and cache write in one
#     kernel vs the separate ops, slightly slower in GPU time on lavapipe);
#  2. the GPU recipe at lr 2e-4 for every mode over SEEDS seeds (session 8: at lr 1e-3 DuST and
#     SFT collapse the generator, at 2e-4 DuST keeps it; primal at 2e-4 is unmeasured);
#  3. the `gpu` test project with the time left.
# SIM=1 runs it here on lavapipe with the CPU preset and tiny budgets (TESTS=0 skips part 3,
# REPRO=0 part 2).
#
#   device run: bash scripts/device/next.sh 2>&1 | tee $OUT/next.log     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-next
BUDGET=${BUDGET:-560}
SEEDS=${SEEDS:-3}
MODES=${MODES:-off-policy,sft,primal}
PRESET=${PRESET:-toy-repro}
TESTS=${TESTS:-1}
REPRO=${REPRO:-1}   # REPRO=0: the benchmarks and the tests only (a short call after another script)

# 1. the benchmarks with their per-kernel profiles, alone
for s in model train generate ops; do
  t=$(el)
  timeout 90 node --import tsx --import ./scripts/raw-loader.mjs bench/run.ts "$s" ${BENCH_FLAGS:-} --json "$OUT/bench-$s.json" > "$W/bench-$s.txt" 2>&1
  say "bench $s: rc $? in $(( $(el) - t )) s"
done
node -e 'for (const f of process.argv.slice(1)) { try { const r = JSON.parse(require("fs").readFileSync(f, "utf8")); for (const [k, v] of Object.entries(r.metrics)) if (/decode_(host|gpu)_ms|decode_dispatches|kernel_share|decode_ms_per_token|_step_ms$|_per_token$|pipeline_speedup|decode_layer|decode_mlp|decode_proj|attention\.train|grouped_all_speedup|prefill\.grouped|decode_step_/.test(k)) console.log(`  ${k} ${+v.toFixed(3)}`); for (const n of r.notes ?? []) if (/profile/.test(n)) console.log(`  ${n.slice(0, 400)}`); } catch (e) { console.log(`  ${f}: ${e.message}`); } }' "$OUT"/bench-model.json "$OUT"/bench-train.json "$OUT"/bench-generate.json "$OUT"/bench-ops.json

# 2. the recipe at lr 2e-4, every mode, SEEDS seeds (Ctrl-C semantics: a stop writes the summary of what finished)
if [ "$REPRO" = 1 ]; then
echo "{\"preset\": \"$PRESET\", \"name\": \"$PRESET-lr2e-4\", \"train\": {\"lr\": 0.0002}}" > "$W/lr.json"
L=$(( $(left) - (TESTS ? 120 : 20) ))
t=$(el)
timeout -s INT -k 20 "$L" node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts repro --config "$W/lr.json" --seeds "$SEEDS" --modes "$MODES" --out "$W/repro" > "$W/repro.txt" 2>&1
say "repro: rc $? in $(( $(el) - t )) s"
grep -E '^\[repro\]' "$W/repro.txt" | tail -12
cat "$W/repro/summary.md" 2>/dev/null
fi

# 3. the gpu test project with what is left
if [ "$TESTS" = 1 ] && [ "$(left)" -gt 60 ]; then
  timeout $(( $(left) - 15 )) node node_modules/vitest/vitest.mjs run --project gpu --maxWorkers=4 --reporter=json --outputFile.json="$W/vitest-gpu.json" > "$W/vitest-gpu.txt" 2>&1
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`[gpu tests] ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`); for (const f of r.testResults) for (const a of f.assertionResults) if (a.status === "failed") console.log("  FAILED", a.fullName, (a.failureMessages[0] ?? "").slice(0, 300));' "$W/vitest-gpu.json" 2>/dev/null || { say "gpu tests did not finish"; tail -5 "$W/vitest-gpu.txt"; }
fi
cp "$W"/repro/summary.* "$OUT/" 2>/dev/null
tar -cJf "$OUT/next-logs.tar.xz" --exclude='*.safetensors' --exclude='checkpoints' "$W"
say done
