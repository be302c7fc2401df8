// The named presets (JSON files in presets/ at the repository root). Each is a partial run
// configuration overlaid on the defaults (config.ts); a user document names one with
// "preset" and overrides any field. Read as text and parsed: tsx turns a JSON import into
// named exports, and a preset's "eval" section is not a legal export name (the CLI failed
// with "Unexpected eval or arguments in strict mode").
import paperText from '../../presets/paper.json?raw';
import authorsText from '../../presets/authors.json?raw';
import microText from '../../presets/micro.json?raw';
import toyText from '../../presets/toy.json?raw';
import toyReproText from '../../presets/toy-repro.json?raw';
import toyReproCpuText from '../../presets/toy-repro-cpu.json?raw';

const paper = JSON.parse(paperText) as typeof import('../../presets/paper.json');
const authors = JSON.parse(authorsText) as typeof import('../../presets/authors.json');
const micro = JSON.parse(microText) as typeof import('../../presets/micro.json');
const toy = JSON.parse(toyText) as typeof import('../../presets/toy.json');
const toyRepro = JSON.parse(toyReproText) as typeof import('../../presets/toy-repro.json');
const toyReproCpu = JSON.parse(toyReproCpuText) as typeof import('../../presets/toy-repro-cpu.json');

export const PRESETS = { paper, authors, micro, toy, 'toy-repro': toyRepro, 'toy-repro-cpu': toyReproCpu } as const satisfies Record<string, object>;
export type PresetName = keyof typeof PRESETS;
