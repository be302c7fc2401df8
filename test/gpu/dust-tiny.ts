// A tiny random Llama with the toy lab's tokenizer (small byte-level BPE) and ChatML template,
// as a model folder: what the pipeline tests and the pipeline benchmark drive (fast at any
// size; a random model writes garbage, which the pipeline must survive). Also canned generators
// (reference and buggy programs of the built-in problems), a legitimate input for tests of
// mixed groups and of the metric wiring.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../../src/problems/schema';
import type { GenerateRequest, TextGenerator } from '../../src/dust/text-generator';
import { fencedAnswer } from '../../src/dust/generation-prompt';
import { tinyConfigJson, tinyModel, writeModelDir } from './model-tiny-hf';
import { TOY_VOCAB_SIZE } from '../../src/toy/tokenizer-build';

const TOY = join(import.meta.dirname, '../../public/models/dust-toy');

export function dustTinyModelDir(seed = 11, maxPositions = 8192): string {
  const tokenizerJson = readFileSync(join(TOY, 'tokenizer.json'));
  const vocab = TOY_VOCAB_SIZE; // BPE vocabulary + the added ranking tokens
  const tiny = tinyModel('llama', { seed, vocab });
  const config = { ...tinyConfigJson('llama', vocab), max_position_embeddings: maxPositions };
  return writeModelDir({
    ...tiny.files,
    'config.json': new TextEncoder().encode(JSON.stringify(config)),
    'tokenizer.json': new Uint8Array(tokenizerJson),
    'tokenizer_config.json': new Uint8Array(readFileSync(join(TOY, 'tokenizer_config.json'))),
  });
}

/**
 * Answers a generation prompt with the problem's reference program when pick(key) is true,
 * else with its first buggy program, fenced as the model is asked to. Records every request.
 */
export function cannedGenerator(problems: readonly Problem[], pick: (key: number) => boolean): TextGenerator & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  const byPrompt = (msg: string) => problems.find((p) => msg.includes(p.statement.trim()));
  return {
    name: 'canned',
    requests,
    async generate(messages, req) {
      requests.push(req);
      return messages.map((m, i) => {
        const p = byPrompt(m);
        if (!p?.reference || !p.buggy?.length) throw new Error('cannedGenerator: problem without reference and buggy programs');
        return fencedAnswer(pick(req.keys[i]!) ? p.reference : p.buggy[0]!);
      });
    },
  };
}

/** A judge that answers every judgment prompt with the same text. */
export function fixedJudge(text: string): TextGenerator & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    name: 'fixed-judge',
    prompts,
    async generate(messages) {
      prompts.push(...messages);
      return messages.map(() => text);
    },
  };
}
