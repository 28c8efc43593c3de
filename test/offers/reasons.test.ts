import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import { takeFrameRows } from '../../lib/core/types';
import { findProjectRoot } from '../../lib/data/locate';
import { prepareStudyData } from '../../lib/data/prepare';
import { explainPipeline } from '../../lib/explain/pipeline-shap';
import '../../lib/models/index';
import { MESSAGING_CHANNELS } from '../../lib/offers/catalogue';
import { categoryAdvice, featuredCategory } from '../../lib/offers/category';
import { DEFAULT_OFFER_CATALOGUE } from '../../lib/offers/default-catalogue';
import { personalOffers } from '../../lib/offers/personal';
import { explainReasons, fitLinearSurrogate, fitReasonExplainer, reasonAgreement, reasonText, topReasons } from '../../lib/offers/reasons';
import { DEFAULT_OFFER_SETTINGS, offersStudy } from '../../lib/offers/study';
import { Pipeline } from '../../lib/preprocess/pipeline';
import { studyPipelineSpec } from '../../lib/preprocess/study';

import { syntheticDir } from '../score/fixtures';

const { table } = prepareStudyData({ dataDir: syntheticDir(300, 5) });
// Every third customer is held out; the rest train (the files are in id order, not shuffled by class).
const rows = Array.from({ length: table.ids.length }, (_, i) => i).filter((i) => i % 3 !== 0);
const train = takeFrameRows(table.features, rows);
const yTrain = Uint8Array.from(rows, (i) => table.target[i]!);
const fit = (kind: string, params: Record<string, unknown>) => new Pipeline(studyPipelineSpec({ kind, params } as never)).fit(train, yTrain);

test('reasons are the exact SHAP values for a logistic regression (LinearSHAP) and a forest (TreeSHAP)', () => {
  for (const [kind, params, method] of [['logistic', {}, 'linear-shap'], ['forest', { nEstimators: 10, maxDepth: 4, seed: 1 }, 'tree-shap']] as const) {
    const fitted = fit(kind, params);
    const explainer = fitReasonExplainer(fitted, train);
    assert.equal(explainer.method, method);
    const exact = explainPipeline(fitted, table.features, train);
    const reasons = explainReasons(fitted, explainer, table.features);
    assert.deepEqual(reasons.featureNames, exact.featureNames);
    let worst = 0;
    reasons.values.data.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - exact.values.data[k]!)); });
    assert.ok(worst < 1e-12, `${kind}: ${worst}`);
    assert.ok(Math.abs(reasons.expectedValue - exact.expectedValue) < 1e-12);
    assert.deepEqual(reasonAgreement(reasons, exact).topKOverlap, 1);
  }
});

test('top reasons: positive SHAP only, largest first, with the side of the mean and words', () => {
  const fitted = fit('logistic', {});
  const explainer = fitReasonExplainer(fitted, train);
  const shap = explainReasons(fitted, explainer, table.features);
  const reasons = topReasons(shap, table.features, explainer.featureMeans, 3);
  assert.equal(reasons.length, table.ids.length);
  reasons.forEach((list, i) => {
    assert.ok(list.length <= 3);
    for (let k = 1; k < list.length; k++) assert.ok(list[k - 1]!.shap >= list[k]!.shap);
    for (const r of list) {
      assert.ok(r.shap > 0);
      const j = shap.featureNames.indexOf(r.feature);
      assert.equal(r.shap, shap.values.data[i * shap.values.nCols + j]);
      if (typeof r.value === 'number') assert.equal(r.side, r.value < explainer.featureMeans[r.feature]! ? 'low' : 'high');
    }
  });
  const text = reasonText({ feature: 'pagesPerVisit', shap: 0.1, side: 'low', value: 3 }, { pagesPerVisit: 8.2 });
  assert.equal(text, 'мало страниц за визит: 3,0 против 8,2 в среднем');
});

test('the linear surrogate recovers a linear function exactly (R² = 1)', () => {
  const r = new Random(2);
  const n = 100;
  const X = { nRows: n, nCols: 3, data: Float64Array.from({ length: 3 * n }, () => r.normal()) };
  const y = Float64Array.from({ length: n }, (_, i) => 0.5 + 2 * X.data[3 * i]! - X.data[3 * i + 2]!);
  const s = fitLinearSurrogate(X, y);
  assert.ok(Math.abs(s.intercept - 0.5) < 1e-6 && Math.abs(s.coef[0]! - 2) < 1e-6 && Math.abs(s.coef[1]!) < 1e-6 && Math.abs(s.coef[2]! + 1) < 1e-6);
  assert.ok(s.r2 > 1 - 1e-9);
  const svc = fitReasonExplainer(fit('svc', { C: 1 }), train);
  assert.equal(svc.method, 'linear-surrogate');
  assert.ok(svc.fidelity!.r2 > 0 && svc.fidelity!.r2 <= 1);
});

test('personal offers: the expected net value by hand, only offers answering a reason, on-site only without consent', () => {
  const reasons = [[{ feature: 'promoPurchaseShare', shap: 0.2, side: 'high' as const, value: 0.9 }], [{ feature: 'pagesPerVisit', shap: 0.1, side: 'low' as const, value: 2 }], []];
  const p = personalOffers(DEFAULT_OFFER_CATALOGUE, { dropProbability: [0.8, 0.8, 0.9], profit: [5, 5, 5], allowsMessages: [true, false, true], reasons }, 3);
  assert.deepEqual([...p.profitAtStake], [12, 12, 13.5]);
  // promo coupon: 0.25 · 12 − 0.6 = 2.4
  assert.equal(p.options[0]!.length, 1);
  assert.equal(DEFAULT_OFFER_CATALOGUE.offers[p.options[0]![0]!.offer]!.id, 'promo-coupon');
  assert.ok(Math.abs(p.options[0]![0]!.value - 2.4) < 1e-12);
  // No consent: the email of picks is out, the on-site picks (0.08 · 12 − 0.05) stay.
  assert.deepEqual(p.options[1]!.map((o) => DEFAULT_OFFER_CATALOGUE.offers[o.offer]!.id), ['recommendations-onsite']);
  assert.ok(Math.abs(p.options[1]![0]!.value - 0.91) < 1e-12);
  assert.deepEqual(p.options[2], []);
});

test('the featured category: the own one where it is profitable in the segment, else the segment\'s lead', () => {
  const segment = ['a', 'a', 'a', 'a', 'b', 'b'];
  const category = ['x', 'x', 'y', 'z', 'x', 'y'];
  const profit = [6, 6, 2, 1, 1, 3];
  const advice = categoryAdvice(segment, category, profit, 1);
  assert.deepEqual(advice.bySegment['a']!.profitable, ['x']);
  assert.equal(advice.bySegment['a']!.meanProfit, 3.75);
  assert.deepEqual(featuredCategory(advice, 'a', 'x'), { category: 'x', choice: 'own' });
  assert.deepEqual(featuredCategory(advice, 'a', 'y'), { category: 'x', choice: 'segment-lead' });
  assert.deepEqual(featuredCategory(advice, 'b', 'y'), { category: 'y', choice: 'own' });
  assert.deepEqual(featuredCategory(categoryAdvice(segment, category, profit, 5), 'a', 'y'), { category: 'y', choice: 'own-default' });
});

const SHARED = path.resolve(findProjectRoot(), '..', 'shared', 'data');
test('the real data: no customer without consent gets a messaging offer, in the campaign or as the best offer', (t) => {
  if (!fs.existsSync(path.join(SHARED, 'market_file.csv'))) return t.skip(`real data not found in ${SHARED}`);
  const real = prepareStudyData({ dataDir: SHARED }).table;
  const fitted = new Pipeline(studyPipelineSpec({ kind: 'logistic', params: {} } as never)).fit(real.features, real.target);
  const p = fitted.predictProba(real.features);
  const study = offersStudy({
    pipeline: fitted, trainFrame: real.features, ids: real.ids, frame: real.features, profit: real.profit, dropProbability: p,
    segment: Array.from(p, (v) => (v > 0.5 ? 'high' : 'low')), reference: { shap: explainPipeline(fitted, takeFrameRows(real.features, [0, 1, 2]), real.features), frame: takeFrameRows(real.features, [0, 1, 2]) },
    catalogue: DEFAULT_OFFER_CATALOGUE, horizonMonths: 3, settings: DEFAULT_OFFER_SETTINGS, seed: 42,
  });
  const allow = real.features.columns['allowMessages'] as string[];
  const refused = allow.filter((a) => a === 'нет').length;
  assert.ok(refused > 100, `${refused} customers without consent`);
  let offered = 0;
  allow.forEach((a, i) => {
    if (a !== 'нет') return;
    for (const k of [study.bestOffer[i]!, study.campaignOffer[i]!]) {
      if (k < 0) continue;
      offered++;
      assert.ok(!MESSAGING_CHANNELS.includes(DEFAULT_OFFER_CATALOGUE.offers[k]!.channel), `customer ${real.ids[i]} got ${DEFAULT_OFFER_CATALOGUE.offers[k]!.id}`);
    }
  });
  assert.ok(offered > 0, 'customers without consent still get on-site offers');
  assert.ok(study.campaign.totalCost <= DEFAULT_OFFER_SETTINGS.budget.maxCost! + 1e-9);
  assert.equal(study.agreement.topKOverlap, 1);
});
