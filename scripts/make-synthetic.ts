/**
 * Writes a synthetic copy of the store's four files (same schema, formats and kinds of faults).
 * Usage: npm run synthetic -- --customers 1000000 --seed 7 --out /tmp/market
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticData } from '../lib/data/synthetic';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1300' },
    seed: { type: 'string', default: '20240601' },
    out: { type: 'string' },
  },
});
if (values.out === undefined) {
  console.error('usage: make-synthetic --customers N --seed S --out DIR');
  process.exit(2);
}
const customers = Number(values.customers);
const seed = Number(values.seed);
if (!Number.isInteger(customers) || customers < 10 || !Number.isInteger(seed)) {
  console.error(`make-synthetic: --customers must be a whole number ≥ 10 and --seed a whole number (got ${values.customers}, ${values.seed})`);
  process.exit(2);
}
const started = performance.now();
const { paths, bytes, faults } = writeSyntheticData(path.resolve(values.out), { customers, seed });
const seconds = (performance.now() - started) / 1000;
console.log(`wrote ${customers} customers (seed ${seed}) to ${path.dirname(paths.customers)}: ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
console.log(
  `faults: ${faults.duplicatedCustomerIds.length} duplicated row, ${faults.zeroRevenueIds.length} customers without early revenue, ` +
    `extreme revenue for ${faults.extremeRevenueId}, ${faults.serviceTypeTypos} service-type typos; ${faults.dropped} «Снизилась»`,
);
