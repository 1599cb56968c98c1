/** The seeded PRNG lives with the history generator in src/importer/synthetic; the benchmark uses the same one. */
export { mulberry32 } from '../src/importer';
export type { Rng } from '../src/importer';
