// The seeded RNG lives in src/util/rng (kernels and tests use it too); DuST code keeps
// importing it from here.
export { createRng, deriveSeed, type Rng } from '../util/rng';
