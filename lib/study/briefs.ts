/**
 * The brief of each step for the store's managers: a few Russian sentences and tables computed from the
 * stages' artefacts, under the human labels of lib/core/labels (never code names, file names or paths).
 * Notebook cells tagged "brief" show them (`showMarkdown`, `showTable`); the brief page of a notebook is
 * those cells alone (scripts/nbrun.py), so its numbers follow the data on every rerun.
 *
 * Here, in the study layer, because a brief reads the artefacts of several layers (data, explain, segment,
 * offers); lib/report stays below them.
 */
import {
  CLEANING_RULE_LABELS,
  DATA_SOURCE_WORDS,
  DATA_FILE_LABELS,
  familyLabel,
  featureLabel,
  PROFIT_UNIT,
  russianNumber,
  segmentLabel,
  TARGET_LABELS,
} from '../core/labels';
import type { CleaningLog } from '../data/clean';
import type { MarketData } from '../data/load';
import type { DataSource } from '../data/locate';
import type { ModelTable } from '../data/model-table';
import { describeDrivers } from '../explain/drivers';
import type { SegmentationStudy } from '../segment/study';
import type { FeatureByClass } from '../stats/describe';
import type { ChosenModel } from './stages/choose';
import type { EvaluationArtefact } from './stages/evaluate';
import type { ExplanationArtefact } from './stages/explain';

/** A table row of a brief: Russian headers, values already formatted for a reader. */
export type BriefRow = Record<string, string>;

const percent = (share: number, digits = 1): string => `${russianNumber(share * 100, digits)} %`;

/** A count with the noun agreeing in number: 1 покупатель, 3 покупателя, 5 покупателей. */
export function russianCount(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  const word = mod10 === 1 && mod100 !== 11 ? one : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? few : many;
  return `${russianNumber(n, 0)} ${word}`;
}

const customers = (n: number) => russianCount(n, 'покупатель', 'покупателя', 'покупателей');
/** After «у», «из»: the genitive (у 1 покупателя, у 3 покупателей). */
const customersGenitive = (n: number) => russianCount(n, 'покупателя', 'покупателей', 'покупателей');
const rows = (n: number) => russianCount(n, 'строка', 'строки', 'строк');

/** Where the data came from, in words (the folder itself is only in the full report). */
export function dataSourceWords(source: DataSource): string {
  const words = DATA_SOURCE_WORDS[source.kind] ?? DATA_SOURCE_WORDS['explicit']!;
  return source.kind === 'synthetic' ? `${words}, поэтому числа ниже — пример, а не выводы о магазине` : words;
}

const fileLabel = (file: string): string => DATA_FILE_LABELS[file]?.ru ?? 'файл магазина';

/** 01 · The delivered files: what each holds and how many rows it has. */
export function loadBrief(raw: MarketData): { text: string; files: BriefRow[] } {
  const formats = Object.values(raw.formats);
  const differing = new Set(formats.map((f) => `${f.separator}${f.decimal}`)).size > 1;
  const text = [
    `Источник: ${dataSourceWords(raw.source)}. Получено ${russianCount(formats.length, 'таблица', 'таблицы', 'таблиц')}; в анкете ${customers(raw.customers.length)}.`,
    differing
      ? 'Файлы записаны в разных форматах (разделитель полей и десятичный знак различаются); загрузка распознаёт формат каждого файла сама и проверяет каждое значение.'
      : 'Все файлы записаны в одном формате; загрузка проверяет каждое значение.',
    'Ошибки выгрузки (опечатки, выбросы, покупатели без покупок в каком-то месяце) исправляются на следующем шаге, и каждое исправление записывается в журнал.',
  ].join('\n\n');
  const files = formats.map((f) => ({ 'Таблица': fileLabel(f.file), 'Строк': russianNumber(f.rows, 0) }));
  return { text, files };
}

const ACTION_WORDS = { changed: 'исправлено', removed: 'удалено' } as const;

/** 02 · The cleaning: every rule's effect per table, and the modelling table it leaves. */
export function cleaningBrief(log: CleaningLog, table: ModelTable): { text: string; log: BriefRow[] } {
  const dropped = table.target.reduce((s, v) => s + v, 0);
  const n = table.ids.length;
  const removedCustomers = new Set(log.filter((e) => e.action === 'removed' && e.rule !== 'remove-full-duplicates').flatMap((e) => e.ids)).size;
  const changed = log.filter((e) => e.action === 'changed').reduce((s, e) => s + e.count, 0);
  const text = [
    `Очистка исправила ${rows(changed)} с опечатками и исключила ${customers(removedCustomers)}: тех, кто не покупал хотя бы в одном из трёх месяцев (прогноз строится для постоянных покупателей), и покупателя с выбросом выручки.`,
    `В исследовании остаётся ${customers(n)}; у ${customersGenitive(dropped)} (${percent(dropped / n)}) активность снизилась («${TARGET_LABELS.drop.ru}»), у остальных осталась на прежнем уровне.`,
  ].join('\n\n');
  const logRows = log.map((e) => ({
    'Правило': CLEANING_RULE_LABELS[e.rule]?.ru ?? 'правило очистки',
    'Таблица': fileLabel(e.file),
    'Что сделано': ACTION_WORDS[e.action],
    'Строк': russianNumber(e.count, 0),
    'Покупателей': russianNumber(e.ids.length, 0),
  }));
  return { text, log: logRows };
}

/** 03 · The features that set apart the customers whose activity dropped. */
export function edaBrief(ranked: readonly FeatureByClass[], count = 4): { text: string; features: BriefRow[] } {
  const top = ranked.slice(0, count);
  const text = [
    `Сильнее всего покупатели со сниженной активностью отличаются от остальных по признакам: ${top.map((r) => `«${featureLabel(r.feature)}»`).join(', ')}.`,
    'В таблице — медианы признака в двух группах и вероятность того, что у случайного покупателя со сниженной активностью значение больше, чем у случайного покупателя с прежней (0,5 — различия нет).',
  ].join('\n\n');
  const features = ranked.map((r) => ({
    'Признак': featureLabel(r.feature),
    [`Медиана: ${TARGET_LABELS.drop.ru.toLowerCase()}`]: russianNumber(r.byClass[1].median, 2),
    [`Медиана: ${TARGET_LABELS.same.ru.toLowerCase()}`]: russianNumber(r.byClass[0].median, 2),
    'Вероятность «больше»': russianNumber(r.mannWhitney.effect, 2),
  }));
  return { text, features };
}

/** 04 · The modelling table: one row per customer, months side by side. */
export function mergeBrief(table: ModelTable): string {
  return [
    `Четыре таблицы сведены в одну: одна строка на покупателя (${customers(table.ids.length)}), ${russianNumber(Object.keys(table.features.columns).length, 0)} признаков, выручка и минуты на сайте — отдельным столбцом за каждый месяц; пропусков нет.`,
    'Прибыль покупателя в признаки модели не входит: она нужна, чтобы решить, кому выгодно сделать предложение.',
  ].join('\n\n');
}

/** 05 · What is linked to the drop, and which features go to the models. */
export function correlationBrief(targetLinks: readonly { feature: string; phik: number }[], removed: readonly string[], kept: number): string {
  const top = targetLinks.slice(0, 4);
  return [
    `Сильнее всего со снижением активности связаны: ${top.map((r) => `«${featureLabel(r.feature)}» (${russianNumber(r.phik, 2)})`).join(', ')}. Мера связи φK от 0 (нет связи) до 1 (полная) работает и для чисел, и для категорий.`,
    removed.length > 0
      ? `Из почти дублирующих друг друга признаков оставлен более связанный со снижением; исключены: ${removed.map((f) => `«${featureLabel(f)}»`).join(', ')}. В модели идут ${russianNumber(kept, 0)} признаков.`
      : `Сильно дублирующих друг друга признаков нет: в модели идут все ${russianNumber(kept, 0)} признаков.`,
  ].join('\n\n');
}

/** 06 · The model search: each family's best, the chosen one and how well it ranks new customers. */
export function modelChoiceBrief(chosen: ChosenModel, evaluation: EvaluationArtefact, candidatesPerFamily: number): { text: string; families: BriefRow[] } {
  const test = new Map(evaluation.families.map((f) => [f.family, f.testRocAuc]));
  const text = [
    `Сравнивались ${russianCount(chosen.families.length, 'семейство', 'семейства', 'семейств')} моделей, по ${russianCount(candidatesPerFamily, 'вариант', 'варианта', 'вариантов')} настроек в каждом; каждый вариант проверялся на ${russianNumber(chosen.foldScores.length, 0)} частях обучающих покупателей по очереди (кросс-валидация). Выбрана модель «${familyLabel(chosen.family)}».`,
    `На покупателях, которых модель не видела при обучении, её ROC-AUC — ${russianNumber(evaluation.chosen.testRocAuc, 3)}. ROC-AUC — доля пар «снизил активность / не снизил», которые модель упорядочила верно: 0,5 — угадывание, 1 — без ошибок.`,
  ].join('\n\n');
  const families = chosen.families.map((f) => ({
    'Модель': familyLabel(f.family),
    'ROC-AUC на кросс-валидации': `${russianNumber(f.cvRocAuc, 3)} ± ${russianNumber(f.cvRocAucStd, 3)}`,
    'ROC-AUC на новых покупателях': test.has(f.family) ? russianNumber(test.get(f.family)!, 3) : '—',
    'Выбрана': f.family === chosen.family ? 'да' : '',
  }));
  return { text, families };
}

/** 07 · What drives a drop, in words: the direction of each top feature's effect on the risk. */
export function driversBrief(explained: ExplanationArtefact, count = 6): string {
  const drivers = describeDrivers(explained.shap, explained.frame, count);
  const lines = drivers.map((d, k) => {
    const name = featureLabel(d.feature);
    if (d.levels && d.levels.length > 0) {
      const up = d.levels[0]!;
      return `${k + 1}. «${name}»: сильнее всего риск повышает значение «${up.level}».`;
    }
    const way = d.direction < 0 ? 'тем ниже риск снижения активности' : 'тем выше риск снижения активности';
    return `${k + 1}. «${name}»: чем больше значение, ${way}.`;
  });
  return [
    'Что сильнее всего влияет на прогноз (по вкладам признаков в предсказание модели для покупателей, которых она не видела при обучении; метод SHAP):',
    lines.join('\n'),
  ].join('\n\n');
}

/** 08 · The segments: size, risk, profit and the profit at stake. */
export function segmentsBrief(study: SegmentationStudy, horizonMonths: number): { text: string; segments: BriefRow[] } {
  const summaries = study.segmentation.summaries;
  const top = [...summaries].sort((a, b) => b.profitAtStake - a.profitAtStake)[0];
  const text = [
    'Каждый покупатель получил вероятность снижения активности (от модели, которая его не видела при обучении) и попал в сегмент по риску и прибыли.',
    top ? `Больше всего прибыли под риском — в сегменте «${segmentLabel(top.name)}»: ${russianNumber(top.profitAtStake * horizonMonths, 0)} за ${horizonMonths} мес. (${PROFIT_UNIT.ru}).` : '',
  ].filter((s) => s !== '').join('\n\n');
  const segments = summaries.map((s) => ({
    'Сегмент': segmentLabel(s.name),
    'Покупателей': russianNumber(s.size, 0),
    'Доля': percent(s.share, 0),
    'Средний риск снижения': percent(s.meanDropProbability, 0),
    'Средняя прибыль в месяц': russianNumber(s.meanProfit, 2),
    [`Прибыль под риском за ${horizonMonths} мес.`]: russianNumber(s.profitAtStake * horizonMonths, 0),
  }));
  return { text, segments };
}
