/**
 * The managers' briefs (lib/study/briefs.ts): Russian sentences and tables with known values on small
 * hand-built artefacts, and none of them shows what a reader must not see (lib/report/reader-text.ts).
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { russianNumber } from '../../lib/core/labels';
import type { CleaningLog } from '../../lib/data/clean';
import type { ModelTable } from '../../lib/data/model-table';
import { readerTextProblems } from '../../lib/report/reader-text';
import { cleaningBrief, correlationBrief, mergeBrief, modelChoiceBrief, russianCount } from '../../lib/study/briefs';
import type { ChosenModel } from '../../lib/study/stages/choose';
import type { EvaluationArtefact } from '../../lib/study/stages/evaluate';

const clean = (text: string) => assert.deepEqual(readerTextProblems(text, { russian: true }), [], text);
const cleanRows = (rows: Record<string, string>[]) => clean(rows.map((r) => Object.entries(r).flat().join(' ')).join('\n'));

test('russianNumber and russianCount: decimal comma, grouped thousands, the noun agreeing with the number', () => {
  assert.equal(russianNumber(1296, 0), '1\u00a0296');
  assert.equal(russianNumber(0.91744, 3), '0,917');
  assert.equal(russianNumber(-1234567.5, 1), '-1\u00a0234\u00a0567,5');
  assert.equal(russianNumber(NaN, 2), '—');
  const n = (k: number) => russianCount(k, 'покупатель', 'покупателя', 'покупателей');
  assert.deepEqual([1, 2, 5, 11, 12, 21, 22, 25, 111, 1296].map(n), [
    '1 покупатель', '2 покупателя', '5 покупателей', '11 покупателей', '12 покупателей', '21 покупатель',
    '22 покупателя', '25 покупателей', '111 покупателей', '1\u00a0296 покупателей',
  ]);
});

const table: ModelTable = {
  ids: Int32Array.from([1, 2, 3, 4]),
  target: Int32Array.from([1, 0, 0, 1]) as unknown as ModelTable['target'],
  profit: Float64Array.from([1, 2, 3, 4]),
  features: { nRows: 4, columns: { pagesPerVisit: Float64Array.from([1, 2, 3, 4]), serviceType: ['стандарт', 'премиум', 'стандарт', 'стандарт'] } },
};

test('cleaningBrief counts the changed rows and the removed customers, in words and per rule', () => {
  const log: CleaningLog = [
    { rule: 'fix-typo', description: '«Тип сервиса»: «стандартт» → «стандарт»', file: 'market_file.csv', action: 'changed', count: 38, ids: [5, 6] },
    { rule: 'remove-full-duplicates', description: 'exact repeats', file: 'market_money.csv', action: 'removed', count: 2, ids: [7] },
    { rule: 'remove-inactive-customers', description: 'no revenue in a month', file: 'market_file.csv', action: 'removed', count: 3, ids: [8, 9, 10] },
    { rule: 'remove-inactive-customers', description: 'no revenue in a month', file: 'market_money.csv', action: 'removed', count: 9, ids: [8, 9, 10] },
    { rule: 'remove-extreme-revenue', description: 'revenue above 20000', file: 'market_file.csv', action: 'removed', count: 1, ids: [11] },
  ];
  const brief = cleaningBrief(log, table);
  assert.match(brief.text, /исправила 38 строк с опечатками и исключила 4 покупателя/);
  assert.match(brief.text, /остаётся 4 покупателя; у 2 покупателей \(50,0 %\) активность снизилась/);
  assert.deepEqual(brief.log[0], { 'Правило': 'Исправлена опечатка в значении', 'Таблица': 'Анкета покупателя и его поведение на сайте', 'Что сделано': 'исправлено', 'Строк': '38', 'Покупателей': '2' });
  assert.equal(brief.log[3]!['Таблица'], 'Выручка по месяцам');
  clean(brief.text);
  cleanRows(brief.log);
});

test('mergeBrief and correlationBrief name features by their human labels', () => {
  const merge = mergeBrief(table);
  assert.match(merge, /одна строка на покупателя \(4 покупателя\), 2 признаков/);
  clean(merge);
  const links = [{ feature: 'pagesPerVisit', phik: 0.75 }, { feature: 'promoPurchaseShare', phik: 0.5 }];
  const kept = correlationBrief(links, [], 16);
  assert.match(kept, /«Страниц за визит» \(0,75\), «Доля покупок по акциям» \(0,50\)/);
  assert.match(kept, /в модели идут все 16 признаков/);
  const dropped = correlationBrief(links, ['revenueCurrentMonth'], 15);
  assert.match(dropped, /исключены: «Выручка в текущем месяце»\. В модели идут 15 признаков/);
  clean(kept);
  clean(dropped);
});

test('modelChoiceBrief: each family by its Russian name, the chosen one marked, ROC-AUC explained once', () => {
  const best = (family: string, cv: number) => ({ family, params: {}, cvRocAuc: cv, cvRocAucStd: 0.01, foldScores: [cv, cv, cv, cv, cv] });
  const chosen = { ...best('svc', 0.916), families: [best('logistic', 0.901), best('svc', 0.916)], tied: [] } as unknown as ChosenModel;
  const evaluation = { families: [{ family: 'logistic', testRocAuc: 0.907 }, { family: 'svc', testRocAuc: 0.9174 }], chosen: { family: 'svc', testRocAuc: 0.9174 } } as unknown as EvaluationArtefact;
  const brief = modelChoiceBrief(chosen, evaluation, 50);
  assert.match(brief.text, /Сравнивались 2 семейства моделей, по 50 вариантов настроек в каждом; каждый вариант проверялся на 5 частях/);
  assert.match(brief.text, /Выбрана модель «Метод опорных векторов»\.\s+На покупателях, которых модель не видела при обучении, её ROC-AUC — 0,917\. ROC-AUC — доля пар/);
  assert.deepEqual(brief.families.map((r) => [r['Модель'], r['ROC-AUC на новых покупателях'], r['Выбрана']]), [['Логистическая регрессия', '0,907', ''], ['Метод опорных векторов', '0,917', 'да']]);
  clean(brief.text);
  cleanRows(brief.families);
});
