#!/usr/bin/env bash
# Session 11's device call (issue 7): do verdict documents (src/toy/verdict-prompt.ts) give the
# toy a judge that DuST can amplify? One call of at most BUDGET seconds:
#  1. eight train:toy runs at once for TRAIN_S seconds, BATCH documents per step: fence and
#     prompt verdicts from the committed toy with random rankings (the base DuST would start
#     from), the same with oracle rankings (the ceiling: can the listwise judge read verdicts it
#     has learnt?), a 4 × 128 toy from scratch with fence verdicts (random and oracle rankings),
#     and judgment answers that write every candidate's verdict in <think> before the (random)
#     ranking (--thinking-verdicts: DuST would only have to make the ranking follow them),
#     random and oracle rankings;
#  2. probes halfway and at the end (judge E[PairAcc]; fence, prompt and thinking verdict
#     PairAcc; the ranking after true thinking verdicts);
#  3. with the time left, DuST (off-policy; lr 2e-4 fence, 5e-4 think) on the random-ranking
#     fence and think models at once: the toy-repro preset, one seed, base vs judge only vs DuST.
# On the 2-layer toy on a CPU (session 11, 300 steps × 16 documents): prompt verdicts PairAcc
# 0.70 / 0.59 (train / eval problems), fence verdicts 0.62 / 0.50, thinking verdicts 0.76 /
# 0.75, the judge at chance in every case; 24 DuST steps on the thinking model moved nothing,
# and 1,294 oracle-ranked thinking judgments left the ranking after true verdicts at 0.499.
# SIM=1 runs it here on lavapipe with tiny budgets.
#
#   device run: bash scripts/device/verdicts.sh 2>&1 | tee $OUT/verdicts.log     carry: .dev .gl
set -u
source scripts/device/gpu-env.sh || exit 3   # helpers, $OUT, Node, Vulkan, the GPU check
workdir runs/gpu-verdicts
BUDGET=${BUDGET:-560}
TRAIN_S=${TRAIN_S:-280}
BATCH=${BATCH:-128}
PROBE_GROUPS=${PROBE_GROUPS:-96}
STEPS=${STEPS:-5000}

SMALL="--from public/models/dust-toy --lr 2e-3 --min-lr 2e-3"
BIG="--layers 4 --hidden 128 --heads 4 --intermediate 384 --lr 5e-3 --min-lr 5e-3 --judgment-share 0.2 --verdict-share 0.3"
declare -A RUN=(
  [fence]="$SMALL --judgment-share 0.1 --verdict-share 0.6"
  [prompt]="$SMALL --judgment-share 0.1 --verdict-share 0.6 --verdict-format prompt"
  [fence-oracle]="$SMALL --judgment-share 0.4 --verdict-share 0.4 --judgment-rankings oracle"
  [prompt-oracle]="$SMALL --judgment-share 0.4 --verdict-share 0.4 --verdict-format prompt --judgment-rankings oracle"
  [big-fence]="$BIG"
  [big-fence-oracle]="$BIG --judgment-rankings oracle"
  [think]="$SMALL --thinking-verdicts --judgment-share 0.5 --verdict-share 0.2 --verdict-format prompt"
  [think-oracle]="$SMALL --thinking-verdicts --judgment-share 0.5 --verdict-share 0.2 --verdict-format prompt --judgment-rankings oracle"
)
RUNS="${!RUN[*]}"
start_trainings "$TRAIN_S" RUN "$RUNS" --batch "$BATCH" --micro-batch $(( BATCH < 64 ? BATCH : 64 )) --warmup 5 --checkpoint-every 25 --seed 11 --steps "$STEPS"
probe_all() { # $1: tag
  local probes=() r c
  for r in $RUNS; do
    c="$W/$r/train-checkpoint.safetensors"
    [ -f "$c" ] || continue
    cp "$c" "$W/$r.$1.safetensors"
    run_ts scripts/toy-judge-probe.ts "$W/$r.$1.safetensors" --groups "$PROBE_GROUPS" --thinking >> "$W/$r.probe.jsonl" 2>> "$W/$r.probe.err" &
    probes+=($!)
  done
  [ ${#probes[@]} -gt 0 ] && wait "${probes[@]}"
}
HALF=$(( $(el) + TRAIN_S / 2 ))
while [ "$(el)" -lt "$HALF" ]; do sleep 5; done
say "probe (half)"; probe_all half
wait "${PIDS[@]}"
say "final probe"; probe_all end
for r in $RUNS; do echo "  $r: $(grep -E '^step' "$W/$r.log" | tail -1 | cut -c1-130)"; done
for f in "$W"/*.probe.jsonl; do echo "== $f"; node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) { const r = JSON.parse(l); console.log(`step ${r.step ?? "-"} ${r.split}: judge E[PairAcc] ${r.expectedPairAcc}  verdict PairAcc fence ${r.fenceVerdictPairAcc} prompt ${r.promptVerdictPairAcc} thinking ${r.thinkingVerdictPairAcc}  judge after true thinking verdicts ${r.thinkingJudgePairAcc}  generator ${r.generatorPairAcc}  mass ${r.rankingTokenMass}`); }' "$f"; done
cat "$W"/*.probe.jsonl > "$OUT/probes.jsonl"
for r in $RUNS; do # every model in Hugging Face form: they come back (verdict-models.tar.xz) and DuST starts from two
  [ -f "$W/$r/train-checkpoint.safetensors" ] && run_ts scripts/toy-export.ts "$W/$r/train-checkpoint.safetensors" "$W/$r-model" > /dev/null &
done
wait

# 3. DuST on the random-ranking fence and think models (their judges start at chance, their verdicts may not), both at once
REPROS=()
for m in fence think; do
  [ -f "$W/$m-model/model.safetensors" ] && [ "$(left)" -gt 60 ] || continue
  # the thinking answer is ~35 tokens; its ranking has to learn to follow the verdicts, so a larger lr
  lr=0.0002; extra=''; [ "$m" = think ] && { lr=0.0005; extra=', "maxNewTokens": 48}, "eval": {"judgeMaxNewTokens": 48'; }
  echo "{\"preset\": \"toy-repro\", \"name\": \"toy-repro-$m\", \"train\": {\"lr\": $lr$extra}}" > "$W/$m.json"
  timeout -s INT -k 20 $(( $(left) - 20 )) node --import tsx --import ./scripts/raw-loader.mjs src/cli/dust.ts repro --config "$W/$m.json" --model "$W/$m-model" --seeds 1 --modes off-policy --out "$W/repro-$m" > "$W/repro-$m.txt" 2>&1 &
  REPROS+=($!)
done
[ ${#REPROS[@]} -gt 0 ] && wait "${REPROS[@]}"
for m in fence think; do
  [ -f "$W/repro-$m.txt" ] || continue
  say "repro $m:"; grep -vE '^\s*$' "$W/repro-$m.txt" | grep -E 'valid|^\[repro\]' | tail -6
  cat "$W/repro-$m/summary.md" 2>/dev/null
  cp "$W/repro-$m/summary.md" "$OUT/repro-$m.summary.md" 2>/dev/null
done
# at most 8 files come back: the logs and summaries in one archive, the exported models in another
tar -cJf "$OUT/verdicts-logs.tar.xz" --exclude='*.safetensors' --exclude='checkpoints' "$W"
tar -cJf "$OUT/verdict-models.tar.xz" -C "$W" $(cd "$W" && ls -d *-model 2>/dev/null)
say done
