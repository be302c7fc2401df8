// `dust score --input FILE.jsonl`: scores judgment responses as GRPO would. Each input line
// {"response": "...", "labels": [1, 0, 1, 0], "mode": "pairacc" | "ndcg" | "selection"} (mode
// optional, default pairacc) gives one output line {"valid", "ranking" (1-based) | null,
// "reward"}. `--input -` reads standard input.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REWARD_MODES, scoreJudgment, type RewardMode } from '../../dust/rewards';
import type { Command } from '../command';

const USAGE = 'usage: npm run dust -- score --input FILE.jsonl|-';

function scoreLine(raw: string, at: string): string {
  let v: { response?: unknown; labels?: unknown; mode?: unknown };
  try {
    v = JSON.parse(raw);
  } catch {
    throw new Error(`${at} is not JSON`);
  }
  if (typeof v !== 'object' || v === null) throw new Error(`${at} must be a JSON object`);
  if (typeof v.response !== 'string') throw new Error(`${at}: "response" must be a string (the judgment text)`);
  const labels = v.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((y) => typeof y === 'number' && y >= 0 && y <= 1)) {
    throw new Error(`${at}: "labels" must be a list of at least 2 numbers in [0, 1], one per candidate (1 = passes)`);
  }
  const mode = v.mode ?? 'pairacc';
  if (typeof mode !== 'string' || !(REWARD_MODES as readonly string[]).includes(mode)) throw new Error(`${at}: "mode" must be one of ${REWARD_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  return JSON.stringify(scoreJudgment(v.response, labels as number[], mode as RewardMode));
}

const command: Command = {
  summary: 'score judgment responses (JSON Lines of response + labels + mode) with the DuST rewards',
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { input: { type: 'string' } } }));
    } catch (e) {
      console.error(`score: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (!values.input) {
      console.error(`score: --input is required.\n${USAGE}`);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(values.input === '-' ? 0 : values.input, 'utf8');
    } catch (e) {
      console.error(`score: cannot read ${values.input}: ${(e as Error).message}`);
      return 2;
    }
    const out: string[] = [];
    try {
      text.split('\n').forEach((raw, i) => {
        if (raw.trim() !== '') out.push(scoreLine(raw, `${values.input}: line ${i + 1}`));
      });
    } catch (e) {
      console.error(`score: ${(e as Error).message}`);
      return 2;
    }
    process.stdout.write(out.map((l) => l + '\n').join(''));
    return 0;
  },
};

export default command;
