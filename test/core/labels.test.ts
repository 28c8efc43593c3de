import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDriverValue, featureLabel, featureLabelMap, formatValue, segmentLabel, SEGMENT_LABELS } from '../../lib/core/labels';
import { MODEL_COLUMN_LABELS } from '../../lib/data/schema';

test('every modelling column and segment has a human label in both languages', () => {
  for (const name of Object.keys(MODEL_COLUMN_LABELS)) {
    if (name === 'id' || name === 'target') continue;
    for (const lang of ['ru', 'en'] as const) assert.notEqual(featureLabel(name, lang), name, `${name} (${lang})`);
  }
  for (const name of ['highRiskHighProfit', 'promoDriven', 'highRiskOther', 'mediumRisk', 'lowRisk']) {
    assert.ok(SEGMENT_LABELS[name], name);
    assert.doesNotMatch(segmentLabel(name), /[a-z][A-Z]/);
  }
  assert.equal(featureLabel('pagesPerVisit'), 'Страниц за визит');
  assert.equal(segmentLabel('highRiskHighProfit'), 'Высокий риск, высокая прибыль');
  assert.equal(featureLabelMap('en').pagesPerVisit, 'Pages per visit');
});

test('a driver in words: low or high against the mean, with its unit and a decimal comma in Russian', () => {
  assert.equal(describeDriverValue('pagesPerVisit', 3, 8.2), 'мало страниц за визит: 3,0 против 8,2 в среднем');
  assert.equal(describeDriverValue('pagesPerVisit', 3, 8.2, 'en'), 'few pages per visit: 3.0 vs 8.2 on average');
  assert.equal(describeDriverValue('promoPurchaseShare', 0.9, 0.32), 'много покупок по акциям: 90 % против 32 % в среднем');
  assert.equal(describeDriverValue('minutesCurrentMonth', 9, 13.2), 'мало времени на сайте в этом месяце: 9,0 мин против 13,2 мин в среднем');
  assert.equal(describeDriverValue('serviceType', 'стандарт', null), 'тип сервиса: стандарт');
  assert.equal(formatValue(4512.3, { ru: '', en: '' }), '4512');
});
