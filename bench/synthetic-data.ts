/**
 * Synthetic customer files for the scoring benchmarks, generated once per size and seed and cached under
 * bench/out/ (git-ignored): a `.complete` marker holding the byte count is written last, so a generation cut
 * short is redone rather than read half-written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSyntheticData } from '../lib/data/synthetic';

export const BENCH_ROOT = path.resolve(__dirname, '..');
export const BENCH_OUT = path.join(BENCH_ROOT, 'bench', 'out');

/** The folder of `customers` synthetic customers for `seed` (generated on first use) and its size in bytes. */
export function syntheticDataFor(customers: number, seed: number): { dir: string; bytes: number } {
  const dir = path.join(BENCH_OUT, `data-${customers}-seed${seed}`);
  const marker = path.join(dir, '.complete');
  if (!fs.existsSync(marker)) {
    process.stdout.write(`generating ${customers} customers → ${path.relative(BENCH_ROOT, dir)} … `);
    const { bytes } = writeSyntheticData(dir, { customers, seed });
    fs.writeFileSync(marker, String(bytes));
    process.stdout.write('done\n');
  }
  return { dir, bytes: Number(fs.readFileSync(marker, 'utf8')) };
}
