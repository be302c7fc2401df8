// `dust generate --model DIR|owner/name --prompt TEXT [--chat] [--max-tokens N]
// [--temperature T] [--top-p P] [--top-k K] [--seed S] [--stop STR]... [--json] [--dtype f16]`:
// loads the model onto the GPU and prints the continuation (or, with --json, the ids,
// per-token log-probs and finish reason). --dtype f16 keeps weight matrices in half
// precision on the GPU (needs shader-f16).
import { parseArgs } from 'node:util';
import { generate } from '../../generate/generate';
import { loadTokenizer } from '../../tokenizer/tokenizer';
import type { Command } from '../command';
import { checkDtype, loadCliModel, numberOption, UsageError } from '../load-model';
import { messageOf } from '../../util/errors';

const USAGE =
  'usage: npm run dust -- generate --model DIR|owner/name[@rev] --prompt TEXT [--chat] [--max-tokens N] ' +
  '[--temperature T] [--top-p P] [--top-k K] [--seed S] [--stop STR]... [--json] [--dtype f32|f16] [--endpoint URL]';

function parse(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      prompt: { type: 'string' },
      chat: { type: 'boolean', default: false },
      'max-tokens': { type: 'string' },
      temperature: { type: 'string' },
      'top-p': { type: 'string' },
      'top-k': { type: 'string' },
      seed: { type: 'string' },
      stop: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      endpoint: { type: 'string' },
      dtype: { type: 'string' },
    },
    strict: true,
  });
  if (!values.model || values.prompt === undefined) throw new UsageError('--model and --prompt are required');
  checkDtype(values.dtype);
  return {
    model: values.model,
    prompt: values.prompt,
    chat: values.chat,
    json: values.json,
    stop: values.stop ?? [],
    endpoint: values.endpoint,
    dtype: values.dtype,
    maxNewTokens: numberOption('max-tokens', values['max-tokens'], (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 64,
    temperature: numberOption('temperature', values.temperature, (n) => n >= 0, 'a number ≥ 0 (0 = greedy)'),
    topP: numberOption('top-p', values['top-p'], (n) => n > 0 && n <= 1, 'in (0, 1]'),
    topK: numberOption('top-k', values['top-k'], (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0 (0 = off)'),
    seed: numberOption('seed', values.seed, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'an integer in [0, 2^32)'),
  };
}

const command: Command = {
  summary: 'generate a continuation of a prompt on the GPU (sampling options, stop strings)',
  async run(args) {
    let o: ReturnType<typeof parse>;
    try {
      o = parse(args);
    } catch (e) {
      console.error(`generate: ${messageOf(e)}\n${USAGE}`);
      return 2;
    }
    const { model, ctx, source, config } = await loadCliModel(o.model, { endpoint: o.endpoint, dtype: o.dtype });
    try {
      const tok = await loadTokenizer(source);
      const ids = o.chat ? tok.applyChatTemplate([{ role: 'user', content: o.prompt }], { addGenerationPrompt: true }).ids : tok.encode(o.prompt, { addSpecialTokens: true });
      const eos = [...new Set([...tok.special.eos, ...config.eosTokenIds])];
      const t0 = performance.now();
      const [out] = await generate(model, [ids], {
        maxNewTokens: o.maxNewTokens,
        temperature: o.temperature,
        topP: o.topP,
        topK: o.topK,
        seed: o.seed,
        stop: o.stop,
        eos,
        decode: (x) => tok.decode(x, { skipSpecialTokens: true }),
      });
      const secs = (performance.now() - t0) / 1000;
      if (o.json) console.log(JSON.stringify({ prompt_ids: ids, ids: out.ids, text: out.text, logprobs: out.logprobs, finish: out.finish }));
      else console.log(out.text);
      process.stderr.write(`[generate] ${out.ids.length} tokens in ${secs.toFixed(2)} s (${out.finish})\n`);
      return 0;
    } finally {
      model.destroy();
      ctx.destroy();
    }
  },
};

export default command;
