import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  averageRanks,
  bimodalityCoefficient,
  BIMODALITY_THRESHOLD,
  categoryByClass,
  classBalance,
  describe,
  describeNumeric,
  featureByClass,
  iqrOutliers,
  ksStatistic,
  mannWhitneyU,
  quantile,
} from '../../lib/stats/describe';
import { close, reference, referenceFrame } from './fixture';

const frame = referenceFrame();
const y = Uint8Array.from(reference.y);

test('describe matches pandas describe, skew, kurt, nunique and missing counts', () => {
  const rows = describe(frame);
  for (const [col, ref] of Object.entries(reference.describe)) {
    const d = rows.find((r) => r.column === col)!;
    assert.equal(d.kind, 'numeric');
    if (d.kind !== 'numeric') continue;
    assert.equal(d.count, ref.count, col);
    assert.equal(d.missing, ref.missing, col);
    assert.equal(d.distinct, ref.distinct, col);
    for (const key of ['mean', 'std', 'min', 'q25', 'median', 'q75', 'max', 'skew', 'kurtosis'] as const) {
      assert.ok(close(d[key], ref[key]!), `${col}.${key}: ${d[key]} vs ${ref[key]}`);
    }
  }
  const cat = rows.find((r) => r.column === 'category')!;
  assert.deepEqual(cat, { column: 'category', kind: 'categorical', count: reference.categorical.count, missing: 0, distinct: reference.categorical.distinct, top: reference.categorical.top, freq: reference.categorical.freq });
});

test('IQR outliers are counted as pandas quantiles say, and not removed', () => {
  for (const [col, ref] of Object.entries(reference.describe)) {
    const values = frame.columns[col] as Float64Array;
    const before = Float64Array.from(values);
    assert.equal(iqrOutliers(values).count, ref.outliers, col);
    assert.deepEqual(values, before);
  }
  const o = iqrOutliers(Float64Array.of(1, 2, 3, 4, 100));
  assert.deepEqual(o.indices, [4]);
  assert.equal(o.upper, 4 + 1.5 * 2);
});

test('Mann-Whitney U and KS statistic match scipy', () => {
  for (const [col, ref] of Object.entries(reference.describe)) {
    const f = featureByClass(col, frame.columns[col] as Float64Array, y);
    assert.equal(f.mannWhitney.u, ref.mannwhitney.u, col);
    assert.ok(close(f.mannWhitney.pValue, ref.mannwhitney.p, 1e-9), `${col} p ${f.mannWhitney.pValue} vs ${ref.mannwhitney.p}`);
    assert.ok(close(f.mannWhitney.pValue, ref.mannwhitney.p_auto, 1e-9), `${col} auto`);
    assert.ok(close(f.ks, ref.ks, 1e-12), `${col} ks ${f.ks} vs ${ref.ks}`);
  }
  assert.equal(mannWhitneyU([1, 2, 3], [1, 2, 3]).pValue, 1);
  assert.equal(ksStatistic([1, 2, 3], [4, 5, 6]), 1);
});

test('bimodality hint fires on a two-mode mixture, not on a normal sample', () => {
  const bi = bimodalityCoefficient(frame.columns.bimodal as Float64Array);
  const uni = bimodalityCoefficient(frame.columns.normal as Float64Array);
  assert.ok(bi > BIMODALITY_THRESHOLD && uni < BIMODALITY_THRESHOLD, `${bi} ${uni}`);
  assert.equal(featureByClass('bimodal', frame.columns.bimodal as Float64Array, y).bimodal, true);
});

test('quantiles interpolate linearly; ranks average ties; describe of an empty column', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantile(Float64Array.of(NaN, 5), 0.5), 5);
  assert.deepEqual(Array.from(averageRanks([10, 20, 10, 30])), [1.5, 3, 1.5, 4]);
  const d = describeNumeric(Float64Array.of(NaN));
  assert.equal(d.count, 0);
  assert.equal(d.missing, 1);
  assert.ok(Number.isNaN(d.mean));
  assert.throws(() => describe(frame, ['nope']), /"nope" is not in the frame/);
});

test('class balance and categorical by class', () => {
  const b = classBalance(Uint8Array.of(1, 0, 0, 1, 0));
  assert.deepEqual(b, { n: 5, positive: 2, negative: 3, positiveShare: 0.4, ratio: 1.5 });
  const rows = categoryByClass(['a', 'b', 'a', 'a', 'b'], Uint8Array.of(1, 0, 0, 1, 0));
  assert.deepEqual(rows[0], { value: 'a', count0: 1, count1: 2, positiveRate: 2 / 3, share0: 1 / 3, share1: 1 });
  assert.equal(rows[1]!.count0, 2);
});
