// `dust export --run DIR --to trl|verl|hf [--out DIR] [--dtype float32|float16|bfloat16]`: the
// run's judgment groups (DIR/groups.jsonl) as training data for other frameworks, or its
// trained model. trl: train.jsonl and val.jsonl for TRL's GRPOTrainer; verl: train.parquet and
// test.parquet (verl's data.val_files), as the authors' prepare_data.py names them; hf: the
// trained model folder (config.json, model.safetensors, tokenizer and chat template) that
// transformers, vLLM or verl load as they load the base model, in the dtype asked for (LoRA
// runs: merged, plus the adapters alone in adapter/, PEFT's layout).
// Default output folder: DIR/export/<to>.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseGroups, RUN_FILES, type GroupRecord } from '../../dust/dataset';
import { trlJsonl } from '../../dust/export-trl';
import { verlParquet, verlRows } from '../../dust/export-verl';
import { TRAINED_ADAPTER_DIR, TRAINED_MODEL_DIR } from '../../dust/pipeline';
import { nodeDirSource } from '../../host/node-files';
import { hfModelFiles } from '../../model/hf-folder';
import { openModelWeights } from '../../model/weights';
import type { Command } from '../command';

const USAGE = 'usage: npm run dust -- export --run DIR --to trl|verl|hf [--out DIR] [--dtype float32|float16|bfloat16 (hf)]';

function write(outDir: string, files: [string, string | Uint8Array][]): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, data] of files) {
    writeFileSync(join(outDir, name), data);
    console.log(`wrote ${join(outDir, name)}`);
  }
}

const command: Command = {
  summary: 'export a run\'s judgment dataset for TRL (JSON Lines) or verl (parquet)',
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { run: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, dtype: { type: 'string' } } }));
    } catch (e) {
      console.error(`export: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (!values.run || !values.to) {
      console.error(`export: --run and --to are required.\n${USAGE}`);
      return 2;
    }
    if (values.to !== 'trl' && values.to !== 'verl' && values.to !== 'hf') {
      console.error(`export: --to must be trl, verl or hf, got "${values.to}".\n${USAGE}`);
      return 2;
    }
    if (values.to === 'hf') return exportModel(values.run, values.out ?? join(values.run, 'export', 'hf'), values.dtype);
    if (values.dtype) {
      console.error(`export: --dtype applies to --to hf only.\n${USAGE}`);
      return 2;
    }
    const file = join(values.run, RUN_FILES.groups);
    let groups: GroupRecord[];
    try {
      groups = parseGroups(readFileSync(file, 'utf8'), file);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      console.error(err.code === 'ENOENT' ? `export: ${file} not found: --run must name a run folder whose dataset phase has finished` : `export: ${err.message}`);
      return 2;
    }
    if (groups.length === 0) {
      console.error(`export: ${file} holds no groups: nothing to export`);
      return 2;
    }
    const train = groups.filter((g) => g.split === 'train');
    const val = groups.filter((g) => g.split === 'val');
    const outDir = values.out ?? join(values.run, 'export', values.to);
    if (values.to === 'trl') {
      write(outDir, [['train.jsonl', trlJsonl(train)], ['val.jsonl', trlJsonl(val)]]);
    } else {
      const files: [string, Uint8Array][] = [];
      if (train.length) files.push(['train.parquet', verlParquet(verlRows(train))]);
      if (val.length) files.push(['test.parquet', verlParquet(verlRows(val))]);
      write(outDir, files);
    }
    console.log(`${train.length} train and ${val.length} validation groups`);
    return 0;
  },
};

const DTYPES = ['float32', 'float16', 'bfloat16'] as const;

/** The run's trained model folder, re-encoded in `dtype` (default: as trained, float32). */
async function exportModel(run: string, outDir: string, dtype: string | undefined): Promise<number> {
  if (dtype !== undefined && !(DTYPES as readonly string[]).includes(dtype)) {
    console.error(`export: --dtype must be one of ${DTYPES.join(', ')}, got "${dtype}".\n${USAGE}`);
    return 2;
  }
  const dir = join(run, TRAINED_MODEL_DIR);
  if (!existsSync(join(dir, 'model.safetensors'))) {
    console.error(`export: ${dir}/model.safetensors not found: --run must name a run folder whose training phase has finished (npm run dust -- run, or train --run DIR)`);
    return 2;
  }
  const src = nodeDirSource(dir);
  const { config, weights } = await openModelWeights(src);
  const host = new Map<string, Float32Array>();
  for (const name of weights.tensors.keys()) host.set(name, (await weights.readTensor(name)).data);
  // the trained model's own record (mode, steps, seed, training problems: dust eval --trained
  // refuses to score it on those) travels with the export
  const recorded = Object.fromEntries(weights.files.flatMap((f) => Object.entries(f.header.metadata)).filter(([k]) => k.startsWith('dust.')));
  const files = await hfModelFiles(src, config, host, { dtype: (dtype ?? 'float32') as (typeof DTYPES)[number], metadata: { ...recorded, 'dust.run': run } });
  write(outDir, [...files]);
  // A LoRA run also has its adapters alone (PEFT layout), for users who keep the base separate.
  const adapter = join(run, TRAINED_ADAPTER_DIR);
  if (existsSync(adapter)) write(join(outDir, TRAINED_ADAPTER_DIR), readdirSync(adapter).map((f) => [f, readFileSync(join(adapter, f))]));
  return 0;
}

export default command;
