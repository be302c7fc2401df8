// Node entry point: `npm run dust -- <command> [options]`. Each command is a module in
// ./commands exporting a `Command`; this file only dispatches.
import type { Command } from './command';
import { messageOf } from '../util/errors';

const commands: Record<string, () => Promise<{ default: Command }>> = {
  // Filled in as capabilities land; keep alphabetical.
  build: () => import('./commands/build'),
  'check-problems': () => import('./commands/check-problems'),
  checkpoints: () => import('./commands/checkpoints'),
  eval: () => import('./commands/eval'),
  export: () => import('./commands/export'),
  generate: () => import('./commands/generate'),
  label: () => import('./commands/label'),
  logits: () => import('./commands/logits'),
  repro: () => import('./commands/repro'),
  run: () => import('./commands/run'),
  score: () => import('./commands/score'),
  tokenize: () => import('./commands/tokenize'),
  train: () => import('./commands/train'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log('usage: npm run dust -- <command> [options]\n\ncommands:');
    for (const [n, load] of Object.entries(commands)) console.log(`  ${n.padEnd(16)} ${(await load()).default.summary}`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`dust: unknown command "${name}". Run \`npm run dust -- help\` for the list.`);
    return 2;
  }
  return (await load()).default.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`dust: ${messageOf(err)}`);
    process.exit(1);
  },
);
