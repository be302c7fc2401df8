// `dust export --run DIR --to trl|verl [--out DIR]`: the run's judgment groups
// (DIR/groups.jsonl) as training data for other frameworks. trl: train.jsonl and val.jsonl for
// TRL's GRPOTrainer; verl: train.parquet and test.parquet (verl's data.val_files), as the
// authors' prepare_data.py names them. Default output folder: DIR/export/<to>.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseGroups, RUN_FILES, type GroupRecord } from '../../dust/dataset';
import { trlJsonl } from '../../dust/export-trl';
import { verlParquet, verlRows } from '../../dust/export-verl';
import type { Command } from '../command';

const USAGE = 'usage: npm run dust -- export --run DIR --to trl|verl [--out DIR]';

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
      ({ values } = parseArgs({ args, options: { run: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } } }));
    } catch (e) {
      console.error(`export: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (!values.run || !values.to) {
      console.error(`export: --run and --to are required.\n${USAGE}`);
      return 2;
    }
    if (values.to !== 'trl' && values.to !== 'verl') {
      console.error(`export: --to must be trl or verl, got "${values.to}".\n${USAGE}`);
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

export default command;
