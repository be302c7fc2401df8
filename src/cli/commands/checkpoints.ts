// `dust checkpoints <list|runs|verify|export|import|rm|gc>`: the Node side of the checkpoint
// store (same format as the browser's; .dustckpt files move runs between the two).
import { parseArgs } from 'node:util';
import { defaultCheckpointDir, exportCheckpointFile, importCheckpointFile, nodeCheckpointStore } from '../../host/node-checkpoints';
import { checkpointFileName } from '../../store/checkpoint-file';
import { formatBytes } from '../../store/quota';
import type { CheckpointSummary } from '../../store/checkpoint-store';
import type { Command } from '../command';
import { messageOf } from '../../util/errors';

const USAGE = `usage: npm run dust -- checkpoints <action> [--dir DIR] [--json]
  list [--run RUN]      checkpoints, newest first (step, size, metrics)
  runs                  runs with their latest checkpoint
  verify ID             read every chunk and check its checksum
  export ID [FILE]      write one .dustckpt file (the browser imports it)
  import FILE           add a .dustckpt file (e.g. downloaded from the browser)
  rm ID                 delete a checkpoint
  gc                    delete what interrupted writes left behind
DIR defaults to $DUST_CHECKPOINTS or .cache/checkpoints.`;

function line(s: CheckpointSummary): string {
  const metrics = s.metrics ? Object.entries(s.metrics).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  return [s.id, s.run, `step ${s.step}`, formatBytes(s.bytes), s.createdAt, metrics, s.problem ? `UNUSABLE: ${s.problem}` : ''].filter(Boolean).join('  ');
}

const command: Command = {
  summary: 'list, verify, export, import and delete training checkpoints',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { dir: { type: 'string' }, run: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    } catch (e) {
      console.error(`checkpoints: ${messageOf(e)}\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    const [action, a1, a2] = positionals;
    const store = nodeCheckpointStore(values.dir ?? defaultCheckpointDir());
    const out = (v: unknown, text: () => string): void => console.log(values.json ? JSON.stringify(v) : text());
    const need = (x: string | undefined, what: string): x is string => {
      if (x) return true;
      console.error(`checkpoints ${action}: ${what} is required.\n${USAGE}`);
      return false;
    };
    switch (action) {
      case 'list': {
        const l = await store.list(values.run);
        out(l, () => (l.length ? l.map(line).join('\n') : `No checkpoints in ${store.where}.`));
        return 0;
      }
      case 'runs': {
        const r = await store.runs();
        out(r, () => (r.length ? r.map((x) => `${x.run}  ${x.checkpoints} checkpoint(s), ${formatBytes(x.bytes)}; latest: ${line(x.latest)}`).join('\n') : `No runs in ${store.where}.`));
        return 0;
      }
      case 'verify':
        if (!need(a1, 'a checkpoint id')) return 2;
        await store.verify(a1);
        out({ id: a1, ok: true }, () => `${a1}: every chunk matches its checksum.`);
        return 0;
      case 'export': {
        if (!need(a1, 'a checkpoint id')) return 2;
        const m = await store.manifest(a1);
        const file = a2 ?? checkpointFileName(m);
        await exportCheckpointFile(store, a1, file);
        out({ id: a1, file }, () => `Wrote ${file} (${formatBytes(m.totalBytes)}).`);
        return 0;
      }
      case 'import': {
        if (!need(a1, 'a .dustckpt file')) return 2;
        const s = await importCheckpointFile(store, a1);
        out(s, () => `Imported ${line(s)}`);
        return 0;
      }
      case 'rm':
        if (!need(a1, 'a checkpoint id')) return 2;
        await store.manifest(a1).catch(() => {
          throw new Error(`No checkpoint "${a1}" in ${store.where}; \`dust checkpoints list\` shows the ids.`);
        });
        await store.remove(a1);
        out({ removed: a1 }, () => `Deleted ${a1}.`);
        return 0;
      case 'gc': {
        const n = await store.collectGarbage();
        out({ removed: n }, () => `Removed ${n} unfinished write(s).`);
        return 0;
      }
      default:
        console.error(`checkpoints: ${action ? `unknown action "${action}"` : 'an action is required'}.\n${USAGE}`);
        return 2;
    }
  },
};

export default command;
