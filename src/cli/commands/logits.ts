// `dust logits --model DIR|owner/name --ids 1,2,3 [--out FILE]`: the final logits at every
// position of one sequence (positions 0..T−1, no BOS added). Without --out, or with a
// FILE ending in .json: JSON {shape: [T, vocab], logits: [[...], ...]}. Any other FILE gets
// raw little-endian float32, row-major [T, vocab], and the shape is printed.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { checkDtype, loadCliModel, UsageError } from '../load-model';
import { messageOf } from '../../util/errors';

const USAGE = 'usage: npm run dust -- logits --model DIR|owner/name[@rev] --ids 1,2,3 [--out FILE(.json|.f32)] [--dtype f32|f16] [--endpoint URL]';

function parseIds(s: string): number[] {
  const parts = s.split(',').map((p) => p.trim());
  const ids = parts.map(Number);
  const bad = parts.findIndex((p, i) => p === '' || !Number.isSafeInteger(ids[i]) || ids[i] < 0);
  if (bad >= 0) throw new UsageError(`--ids must be comma-separated token ids (non-negative integers); "${parts[bad]}" is not one`);
  return ids;
}

const command: Command = {
  summary: 'print the final logits at every position of a token sequence (JSON or raw f32)',
  async run(args) {
    let values;
    let ids: number[];
    try {
      ({ values } = parseArgs({ args, options: { model: { type: 'string' }, ids: { type: 'string' }, out: { type: 'string' }, endpoint: { type: 'string' }, dtype: { type: 'string' } }, strict: true }));
      if (!values.model || values.ids === undefined) throw new UsageError('--model and --ids are required');
      checkDtype(values.dtype);
      ids = parseIds(values.ids);
    } catch (e) {
      console.error(`logits: ${messageOf(e)}\n${USAGE}`);
      return 2;
    }
    const { model, ctx, config } = await loadCliModel(values.model, { endpoint: values.endpoint, dtype: values.dtype });
    try {
      const [logits] = await model.logits([ids]);
      const shape = [ids.length, config.vocabSize];
      const out = values.out;
      if (out && !out.endsWith('.json')) {
        writeFileSync(out, new Uint8Array(logits.buffer, logits.byteOffset, logits.byteLength));
        console.log(`wrote ${out}: float32 little-endian, row-major, shape [${shape.join(', ')}] (positions × vocab)`);
        return 0;
      }
      const rows = Array.from({ length: ids.length }, (_, t) => Array.from(logits.subarray(t * config.vocabSize, (t + 1) * config.vocabSize)));
      const json = JSON.stringify({ shape, ids, logits: rows });
      if (out) {
        writeFileSync(out, json + '\n');
        console.log(`wrote ${out}: JSON, shape [${shape.join(', ')}]`);
      } else console.log(json);
      return 0;
    } finally {
      model.destroy();
      ctx.destroy();
    }
  },
};

export default command;
