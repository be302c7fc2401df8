// Node module hook so that `import src from './x.wgsl?raw'` works in the CLI and
// benchmarks exactly as it does under Vite and Vitest (one way to load shaders everywhere).
import { register } from 'node:module';

register('./raw-loader-hooks.mjs', import.meta.url);
