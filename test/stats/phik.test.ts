import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, FrameColumn } from '../../lib/core/types';
import { Random } from '../../lib/core/random';
import {
  binEdges,
  binLabels,
  bivariateNormalCells,
  brentq,
  chi2Contingency,
  phikDetailFromTable,
  phikFromTable,
  phikMatrix,
  phikWithTarget,
  PHIK_DEFAULT_BINNING,
  PHIK_DEFAULT_BINS,
  simpleNdof,
} from '../../lib/stats/phik';
import { bivariateRectangle, bivariateUpper, gridRectangles, normalCdf } from '../../lib/stats/bvn';

/** The reference vectors (phik 0.12.5 under scipy 1.10) shipped with the team's notes. */
const CASES_PATH = process.env.PHIK_CASES ?? join(__dirname, '..', 'fixtures', 'phik_cases.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cases: any[] = JSON.parse(readFileSync(CASES_PATH, 'utf8'));
/** Our port agrees with phik to ~6e-14; the notes' independent port agreed to 1e-13. */
const TOL = 1e-12;

function frameOf(inputs: Record<string, (string | number | null)[]>): Frame {
  const columns: Record<string, FrameColumn> = {};
  let nRows = 0;
  for (const [name, values] of Object.entries(inputs)) {
    nRows = values.length;
    columns[name] = values.some((v) => typeof v === 'string')
      ? (values as string[])
      : Float64Array.from(values, (v) => (v === null ? NaN : (v as number)));
  }
  return { nRows, columns };
}

for (const c of cases.filter((x) => x.table !== undefined)) {
  test(`phik_cases ${c.name}: chi2, pedestal and phi_K from the table`, () => {
    const d = phikDetailFromTable(c.table);
    assert.ok(Math.abs(d.chi2 - c.chi2) <= 1e-12 * Math.max(1, c.chi2), `chi2 ${d.chi2} vs ${c.chi2}`);
    assert.equal(d.pedestal, c.pedestal);
    assert.ok(Math.abs(d.phik - c.phik) <= TOL, `phik ${d.phik} vs ${c.phik}`);
  });
  if (c.inputs !== undefined) {
    test(`phik_cases ${c.name}: binning, table and matrix value from the raw inputs`, () => {
      const frame = frameOf(c.inputs);
      for (const [col, edges] of Object.entries<number[]>(c.bin_edges)) {
        const mine = binEdges(frame.columns[col] as Float64Array, c.bins);
        assert.deepEqual(Array.from(mine), edges, `edges of ${col}`);
        const labels = binLabels(frame.columns[col] as Float64Array, mine);
        assert.deepEqual(Array.from(labels), c.binned[col], `labels of ${col}`);
      }
      const m = phikMatrix(frame, { intervalColumns: c.interval_cols, bins: c.bins });
      assert.deepEqual(m.columns, ['x', 'y']);
      assert.ok(Math.abs(m.values[0]![1]! - c.phik_matrix_value) <= TOL, `${m.values[0]![1]} vs ${c.phik_matrix_value}`);
    });
  }
}

test('phik_cases matrix_nan_constant: NaN rows dropped per pair, constant column removed', () => {
  const c = cases.find((x) => x.name === 'matrix_nan_constant');
  const frame = frameOf(c.inputs);
  const m = phikMatrix(frame, { intervalColumns: c.interval_cols });
  assert.deepEqual(m.columns, c.output_columns);
  assert.deepEqual(m.dropped, ['const']);
  assert.deepEqual(Array.from(m.binEdges.num!), c.bin_edges.num);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(m.values[i]![j]! - c.matrix[i][j]) <= TOL, `(${i},${j})`);
  for (const [pair, ref] of Object.entries<{ table: number[][]; n: number; phik: number }>(c.pairs)) {
    const d = phikDetailFromTable(ref.table);
    assert.equal(d.n, ref.n, pair);
    assert.ok(Math.abs(d.phik - ref.phik) <= TOL, pair);
  }
});

test('phik_cases bvn_grid_cells: bivariate normal cells in phik order', () => {
  const c = cases.find((x) => x.name === 'bvn_grid_cells');
  for (const [name, g] of Object.entries<{ nx: number; ny: number; rho: number; cells_in_phik_order: number[] }>(c.grids)) {
    const cells = bivariateNormalCells(g.rho, g.nx, g.ny);
    assert.equal(cells.length, g.cells_in_phik_order.length, name);
    cells.forEach((v, i) => assert.ok(Math.abs(v - g.cells_in_phik_order[i]!) < 1e-15, `${name}[${i}]`));
  }
});

test('normal CDF and bivariate upper orthant match known values', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-16);
  assert.ok(Math.abs(normalCdf(1.959963984540054) - 0.975) < 1e-15);
  assert.ok(Math.abs(normalCdf(-5) - 2.866515718791939e-7) < 1e-20);
  // P(X>0, Y>0) = 1/4 + asin(r)/(2π), in each of BVU's three branches.
  for (const r of [0, 0.2, 0.5, 0.9, 0.95, -0.6, -0.97]) {
    assert.ok(Math.abs(bivariateUpper(0, 0, r) - (0.25 + Math.asin(r) / (2 * Math.PI))) < 1e-14, `r=${r}`);
  }
});

test('brentq finds roots to xtol like scipy', () => {
  const root = brentq((x) => x * x - 2, 0, 2, { xtol: 1e-12 });
  assert.ok(Math.abs(root - Math.SQRT2) < 1e-12);
  assert.throws(() => brentq((x) => x * x + 1, 0, 1), /different signs/);
});

test('hand-checked tables: Yates on 2x2, plain Pearson otherwise, pedestal (r-1)(c-1)', () => {
  // [[30,10],[15,45]]: E = [[18,22],[27,33]], |O-E| = 12 -> 11.5 after Yates.
  const yates = 11.5 ** 2 * (1 / 18 + 1 / 22 + 1 / 27 + 1 / 33);
  assert.ok(Math.abs(chi2Contingency([[30, 10], [15, 45]]) - yates) < 1e-12);
  // 2x3 [[10,0,5],[0,10,5]]: E = [[5,5,5],[5,5,5]] -> chi2 = 4*25/5 = 20.
  assert.ok(Math.abs(chi2Contingency([[10, 0, 5], [0, 10, 5]]) - 20) < 1e-12);
  assert.equal(simpleNdof([[1, 2, 3], [4, 5, 6]]), 2);
  assert.equal(phikFromTable([[5, 5], [5, 5]]), 0);
  assert.equal(phikFromTable([[10, 0, 0], [0, 10, 0], [0, 0, 10]]), 1);
  assert.ok(Number.isNaN(phikFromTable([[3, 4, 5]])));
  // Permuting rows/columns or transposing does not change phi_K.
  const t = [[3, 7, 4], [1, 9, 4], [6, 2, 8]];
  const p = phikFromTable(t);
  assert.ok(Math.abs(phikFromTable([t[2]!, t[0]!, t[1]!]) - p) < 1e-12);
  assert.ok(Math.abs(phikFromTable(t[0]!.map((_, j) => t.map((r) => r[j]!))) - p) < 1e-12);
});

function synthetic(n: number, strength: number, seed: number): Frame {
  const rng = new Random(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const cat: string[] = [];
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    x[i] = z;
    y[i] = strength * z + Math.sqrt(1 - strength * strength) * rng.normal();
    cat.push(z + 0.3 * rng.normal() > 0 ? 'hi' : 'lo');
  }
  return { nRows: n, columns: { x, y, cat, noise: Float64Array.from({ length: n }, () => rng.normal()) } };
}

test('matrix is symmetric, in [0, 1], diagonal 1; ~0 for independent, ~1 for deterministic', () => {
  const f = synthetic(800, 0.6, 7);
  const m = phikMatrix(f, { intervalColumns: ['x', 'y', 'noise'] });
  for (let i = 0; i < 4; i++) {
    assert.equal(m.values[i]![i], 1);
    for (let j = 0; j < 4; j++) {
      assert.equal(m.values[i]![j], m.values[j]![i]);
      assert.ok(m.values[i]![j]! >= 0 && m.values[i]![j]! <= 1);
    }
  }
  const idx = (c: string) => m.columns.indexOf(c);
  assert.ok(m.values[idx('x')]![idx('noise')]! < 0.15, `independent: ${m.values[idx('x')]![idx('noise')]}`);
  const det = phikMatrix(
    { nRows: 300, columns: { a: Float64Array.from({ length: 300 }, (_, i) => i), b: Float64Array.from({ length: 300 }, (_, i) => i * 2 + 1) } },
    { intervalColumns: ['a', 'b'] },
  );
  assert.ok(det.values[0]![1]! > 0.99, `deterministic: ${det.values[0]![1]}`);
});

test('phi_K grows with the strength of a planted relation', () => {
  let previous = -1;
  for (const s of [0, 0.3, 0.6, 0.9]) {
    const m = phikMatrix(synthetic(1000, s, 11), { intervalColumns: ['x', 'y'], columns: ['x', 'y'] });
    const v = m.values[0]![1]!;
    assert.ok(v > previous, `strength ${s}: ${v} <= ${previous}`);
    previous = v;
  }
});

test('phikWithTarget ranks features by phi_K with a binary target', () => {
  const f = synthetic(600, 0.5, 3);
  const target = Uint8Array.from((f.columns.x as Float64Array), (v) => (v > 0.2 ? 1 : 0));
  const ranked = phikWithTarget(f, target, { intervalColumns: ['x', 'y', 'noise'] });
  assert.equal(ranked[0]!.feature, 'x');
  assert.equal(ranked[ranked.length - 1]!.feature, 'noise');
  assert.throws(() => phikWithTarget(f, new Uint8Array(3), { intervalColumns: [] }), /target has 3 rows/);
});

test('grid evaluation (shared corners) is bit-identical to integrating each cell on its own', () => {
  for (const [nx, ny] of [[2, 7], [10, 10], [5, 3], [9, 4]] as const) {
    const sx = Float64Array.from({ length: nx + 1 }, (_, i) => (i === nx ? 5 : i * (10 / nx) - 5));
    const sy = Float64Array.from({ length: ny + 1 }, (_, j) => (j === ny ? 5 : j * (10 / ny) - 5));
    for (const rho of [0, 0.123, 0.5, 0.8, 0.93, 0.999, 1]) {
      const cell = gridRectangles(rho, sx, sy);
      for (let i = 0; i < nx; i++)
        for (let j = 0; j < ny; j++) assert.equal(cell(i, j), bivariateRectangle(sx[i]!, sy[j]!, sx[i + 1]!, sy[j + 1]!, rho), `${nx}x${ny} rho=${rho} (${i},${j})`);
    }
  }
});

test('quantile binning (phik quantile=True): numpy quantile edges with the first edge shifted down', () => {
  const e = binEdges(Float64Array.from({ length: 10 }, (_, i) => i + 1), 2, 'quantile');
  assert.deepEqual(Array.from(e), [1 - 1e-14, 5.5, 10]);
  assert.deepEqual(Array.from(binLabels(Float64Array.of(1, 5.5, 6, 10, NaN), e)), [1, 1, 2, 2, -1]);
});

test('the defaults are phik\'s: 10 uniform bins, the same edges as when given explicitly', () => {
  assert.equal(PHIK_DEFAULT_BINS, 10);
  assert.equal(PHIK_DEFAULT_BINNING, 'uniform');
  const values = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3.5]);
  assert.deepEqual(Array.from(binEdges(values)), Array.from(binEdges(values, 10, 'uniform')));
  assert.equal(binEdges(values).length, PHIK_DEFAULT_BINS + 1);
});
