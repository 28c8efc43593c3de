/**
 * Search spaces: grids expanded like scikit-learn's ParameterGrid and seeded draws from distributions
 * (choice, uniform, log-uniform, integer) for a randomized search. Keys are pipeline parameter paths.
 */
import { InvalidParameterError } from '../core/errors';
import { Random } from '../core/random';
import type { Json } from '../core/types';
import type { PathParams } from '../preprocess/pipeline';

/** A distribution to draw one parameter from; a plain array means a uniform choice among its values. */
export type Distribution =
  | readonly Json[]
  | { type: 'choice'; values: readonly Json[] }
  | { type: 'uniform'; low: number; high: number }
  | { type: 'loguniform'; low: number; high: number }
  | { type: 'int'; low: number; high: number };

/** Refuses a distribution that cannot be drawn from: an empty choice, low above high, a log-uniform range not above 0. */
export function checkDistribution(path: string, d: Distribution): void {
  const refuse = (why: string) => {
    throw new InvalidParameterError(`search space: '${path}' ${why}`, 'search space', path);
  };
  if (Array.isArray(d)) {
    if (d.length === 0) refuse('has no values to choose from');
    return;
  }
  const dist = d as Exclude<Distribution, readonly Json[]>;
  if (dist.type === 'choice') {
    if (dist.values.length === 0) refuse('has no values to choose from');
    return;
  }
  if (!['uniform', 'loguniform', 'int'].includes(dist.type)) refuse(`has an unknown distribution type '${(dist as { type: string }).type}' (valid: choice, uniform, loguniform, int)`);
  if (!Number.isFinite(dist.low) || !Number.isFinite(dist.high) || dist.low > dist.high) refuse(`needs finite low ≤ high; got low ${dist.low}, high ${dist.high}`);
  if (dist.type === 'loguniform' && dist.low <= 0) refuse(`is log-uniform and needs low > 0; got ${dist.low}`);
  if (dist.type === 'int' && (!Number.isInteger(dist.low) || !Number.isInteger(dist.high))) refuse(`is an int distribution and needs whole low and high; got ${dist.low}, ${dist.high}`);
}

/** Every combination of a grid; keys sorted, the last key varying fastest (scikit-learn's order). */
export function expandGrid(grid: Record<string, readonly Json[]>): PathParams[] {
  const keys = Object.keys(grid).sort();
  let out: PathParams[] = [{}];
  for (const key of keys) {
    const values = grid[key]!;
    if (values.length === 0) throw new Error(`expandGrid: '${key}' has no values`);
    const next: PathParams[] = [];
    for (const partial of out) for (const v of values) next.push({ ...partial, [key]: v });
    out = next;
  }
  return out;
}

/** One draw from a distribution. */
export function drawFrom(d: Distribution, rng: Random): Json {
  if (Array.isArray(d)) return d[rng.int(d.length)]!;
  const dist = d as Exclude<Distribution, readonly Json[]>;
  switch (dist.type) {
    case 'choice':
      return dist.values[rng.int(dist.values.length)]!;
    case 'uniform':
      return dist.low + (dist.high - dist.low) * rng.next();
    case 'loguniform':
      return Math.exp(Math.log(dist.low) + (Math.log(dist.high) - Math.log(dist.low)) * rng.next());
    case 'int':
      return dist.low + rng.int(dist.high - dist.low + 1);
  }
}

/** `nIter` seeded candidates, each drawing every key in insertion order. */
export function sampleCandidates(distributions: Record<string, Distribution>, nIter: number, seed: number): PathParams[] {
  if (!Number.isInteger(nIter) || nIter < 1) throw new InvalidParameterError(`sampleCandidates: the number of candidates must be a whole number ≥ 1; got ${nIter}`, 'search space', 'nCandidates');
  for (const [key, d] of Object.entries(distributions)) checkDistribution(key, d);
  const rng = new Random(seed);
  const out: PathParams[] = [];
  for (let i = 0; i < nIter; i++) {
    const c: PathParams = {};
    for (const [key, d] of Object.entries(distributions)) c[key] = drawFrom(d, rng);
    out.push(c);
  }
  return out;
}
