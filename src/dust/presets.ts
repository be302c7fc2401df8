// The named presets (JSON files in presets/ at the repository root). Each is a partial run
// configuration overlaid on the defaults (config.ts); a user document names one with
// "preset" and overrides any field.
import paper from '../../presets/paper.json';
import authors from '../../presets/authors.json';
import micro from '../../presets/micro.json';

export const PRESETS = { paper, authors, micro } as const satisfies Record<string, object>;
export type PresetName = keyof typeof PRESETS;
