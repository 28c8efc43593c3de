/**
 * The one source of display labels: what a reader sees for a feature, a segment, a metric or a driver's
 * direction, in Russian (the default: the store's managers read the reports) and in English. Code names
 * (`pagesPerVisit`, `highRiskHighProfit`) never reach a business page; reports, offers and reasons take
 * their words from here, so a label changed here changes everywhere.
 */

/** The languages of the reports. */
export type DisplayLanguage = 'ru' | 'en';

/** A label in both languages. */
export interface Bilingual {
  readonly ru: string;
  readonly en: string;
}

/** How a numeric feature is read: its name, the words for a low and a high value, and the unit of its values. */
export interface FeatureWording {
  readonly name: Bilingual;
  /** "few pages per visit": said of a customer whose value is below the mean. */
  readonly low: Bilingual;
  /** "many pages per visit": said of a customer whose value is above the mean. */
  readonly high: Bilingual;
  /** Unit after a value (empty when the name says it); 'share' values are shown as per cent. */
  readonly unit: Bilingual | 'share';
}

const w = (nameRu: string, nameEn: string, lowRu: string, lowEn: string, highRu: string, highEn: string, unit: Bilingual | 'share' = { ru: '', en: '' }): FeatureWording => ({
  name: { ru: nameRu, en: nameEn }, low: { ru: lowRu, en: lowEn }, high: { ru: highRu, en: highEn }, unit,
});

/** Numeric features of the modelling table (and the study's derived columns). */
export const FEATURE_WORDING: Readonly<Record<string, FeatureWording>> = {
  marketingActivity6m: w('Маркетинговых контактов в месяц (6 мес.)', 'Marketing contacts per month (6 months)', 'мало маркетинговых контактов', 'few marketing contacts', 'много маркетинговых контактов', 'many marketing contacts'),
  marketingActivityCurrentMonth: w('Маркетинговых контактов в текущем месяце', 'Marketing contacts this month', 'мало контактов в этом месяце', 'few contacts this month', 'много контактов в этом месяце', 'many contacts this month'),
  tenureDays: w('Дней с регистрации', 'Days since registration', 'недавно с нами', 'a recent customer', 'давно с нами', 'a long-standing customer', { ru: 'дн.', en: 'days' }),
  promoPurchaseShare: w('Доля покупок по акциям', 'Share of purchases on promotion', 'мало покупок по акциям', 'few purchases on promotion', 'много покупок по акциям', 'many purchases on promotion', 'share'),
  categoriesPerVisit: w('Категорий за визит', 'Categories viewed per visit', 'мало категорий за визит', 'few categories per visit', 'много категорий за визит', 'many categories per visit'),
  unpaidItemsQuarter: w('Неоплаченных товаров в корзине (квартал)', 'Unpaid items in the cart (quarter)', 'мало неоплаченных товаров в корзине', 'few unpaid items in the cart', 'много неоплаченных товаров в корзине', 'many unpaid items in the cart', { ru: 'шт.', en: 'items' }),
  serviceErrors: w('Сбоев сайта', 'Site failures met', 'мало сбоев сайта', 'few site failures', 'много сбоев сайта', 'many site failures'),
  pagesPerVisit: w('Страниц за визит', 'Pages per visit', 'мало страниц за визит', 'few pages per visit', 'много страниц за визит', 'many pages per visit'),
  revenueTwoMonthsAgo: w('Выручка два месяца назад', 'Revenue two months ago', 'низкая выручка два месяца назад', 'low revenue two months ago', 'высокая выручка два месяца назад', 'high revenue two months ago'),
  revenuePreviousMonth: w('Выручка в прошлом месяце', 'Revenue last month', 'низкая выручка в прошлом месяце', 'low revenue last month', 'высокая выручка в прошлом месяце', 'high revenue last month'),
  revenueCurrentMonth: w('Выручка в текущем месяце', 'Revenue this month', 'низкая выручка в этом месяце', 'low revenue this month', 'высокая выручка в этом месяце', 'high revenue this month'),
  minutesPreviousMonth: w('Минут на сайте в прошлом месяце', 'Minutes on the site last month', 'мало времени на сайте в прошлом месяце', 'little time on the site last month', 'много времени на сайте в прошлом месяце', 'much time on the site last month', { ru: 'мин', en: 'min' }),
  minutesCurrentMonth: w('Минут на сайте в текущем месяце', 'Minutes on the site this month', 'мало времени на сайте в этом месяце', 'little time on the site this month', 'много времени на сайте в этом месяце', 'much time on the site this month', { ru: 'мин', en: 'min' }),
  profit: w('Прибыль в месяц', 'Monthly profit', 'низкая прибыль', 'low profit', 'высокая прибыль', 'high profit'),
  dropProbability: w('Вероятность снижения активности', 'Probability of a drop in activity', 'низкий риск', 'low risk', 'высокий риск', 'high risk', 'share'),
};

/** Category features: their names (the values are the store's own Russian words). */
export const CATEGORY_FEATURE_NAMES: Readonly<Record<string, Bilingual>> = {
  serviceType: { ru: 'Тип сервиса', en: 'Service level' },
  allowMessages: { ru: 'Разрешает сообщения', en: 'Allows messages' },
  popularCategory: { ru: 'Популярная категория', en: 'Most popular category' },
};

/** Segments of lib/segment/rules.ts. */
export const SEGMENT_LABELS: Readonly<Record<string, Bilingual>> = {
  highRiskHighProfit: { ru: 'Высокий риск, высокая прибыль', en: 'High risk, high profit' },
  promoDriven: { ru: 'Высокий риск, покупают по акциям', en: 'High risk, buying on promotion' },
  highRiskOther: { ru: 'Высокий риск, остальные', en: 'High risk, others' },
  mediumRisk: { ru: 'Средний риск', en: 'Medium risk' },
  lowRisk: { ru: 'Низкий риск', en: 'Low risk' },
};

/** Metrics the reports show. */
export const METRIC_LABELS: Readonly<Record<string, Bilingual>> = {
  rocAuc: { ru: 'ROC-AUC', en: 'ROC-AUC' },
  meanAuc: { ru: 'ROC-AUC на кросс-валидации', en: 'cross-validated ROC-AUC' },
  brier: { ru: 'Брайер (ошибка вероятностей)', en: 'Brier score' },
  fitMs: { ru: 'Время обучения, мс', en: 'Fit time, ms' },
  profitAtStake: { ru: 'Прибыль под риском', en: 'Profit at stake' },
  expectedValue: { ru: 'Ожидаемая чистая ценность', en: 'Expected net value' },
};

/** The target's two classes. */
export const TARGET_LABELS: Readonly<Record<'drop' | 'same', Bilingual>> = {
  drop: { ru: 'Снизилась', en: 'Dropped' },
  same: { ru: 'Прежний уровень', en: 'Same level' },
};

/** The model families of the search. */
export const MODEL_FAMILY_LABELS: Readonly<Record<string, Bilingual>> = {
  logistic: { ru: 'Логистическая регрессия', en: 'Logistic regression' },
  knn: { ru: 'Метод k ближайших соседей', en: 'k nearest neighbours' },
  tree: { ru: 'Дерево решений', en: 'Decision tree' },
  svc: { ru: 'Метод опорных векторов', en: 'Support vector machine' },
  forest: { ru: 'Случайный лес', en: 'Random forest' },
};

/** The cleaning rules of lib/data/clean.ts. */
export const CLEANING_RULE_LABELS: Readonly<Record<string, Bilingual>> = {
  'fix-typo': { ru: 'Исправлена опечатка в значении', en: 'Typo in a value fixed' },
  'remove-full-duplicates': { ru: 'Удалены полные повторы строк', en: 'Exact repeated rows removed' },
  'remove-inactive-customers': { ru: 'Удалены покупатели без покупок в одном из месяцев', en: 'Customers without purchases in some month removed' },
  'remove-extreme-revenue': { ru: 'Удалён покупатель с выбросом выручки', en: 'Customer with an extreme revenue removed' },
};

/** The four delivered files, named by what they hold. */
export const DATA_FILE_LABELS: Readonly<Record<string, Bilingual>> = {
  'market_file.csv': { ru: 'Анкета покупателя и его поведение на сайте', en: 'Customer profile and behaviour on the site' },
  'market_money.csv': { ru: 'Выручка по месяцам', en: 'Revenue per month' },
  'market_time.csv': { ru: 'Минуты на сайте по месяцам', en: 'Minutes on the site per month' },
  'money.csv': { ru: 'Средняя месячная прибыль', en: 'Mean monthly profit' },
};

/** Where the data came from (lib/data's source kinds), in words a manager reads; the folder is for reviewers only. */
export const DATA_SOURCE_WORDS: Readonly<Record<string, string>> = {
  shared: 'файлы, переданные магазином',
  project: 'файлы, переданные магазином (копия в папке проекта)',
  explicit: 'файлы магазина из указанной папки',
  env: 'файлы магазина из указанной папки',
  synthetic: 'синтетические данные той же структуры (настоящие файлы магазина не найдены)',
};

/** The study's steps, one per notebook, by number: what a reader sees in the index and the page links. */
export const STUDY_STEP_LABELS: Readonly<Record<string, Bilingual>> = {
  '01': { ru: 'Загрузка данных', en: 'Loading the data' },
  '02': { ru: 'Очистка данных', en: 'Cleaning the data' },
  '03': { ru: 'Исследовательский анализ', en: 'Exploring the data' },
  '04': { ru: 'Объединение таблиц', en: 'Merging the tables' },
  '05': { ru: 'Взаимосвязи признаков', en: 'How the features relate' },
  '06': { ru: 'Выбор модели', en: 'Choosing the model' },
  '07': { ru: 'Что влияет на снижение активности', en: 'What drives a drop' },
  '08': { ru: 'Сегменты и персональные предложения', en: 'Segments and personal offers' },
  '09': { ru: 'Выводы и рекомендации', en: 'Conclusions and recommendations' },
};

/**
 * The unit of profit and revenue: the delivered data does not name a currency (data/README.md says «mean
 * monthly profit from the customer»), so the reports say so rather than invent one.
 */
export const PROFIT_UNIT: Bilingual = { ru: 'в единицах столбца «Прибыль»', en: 'in units of the Прибыль column' };

/** A number in Russian typography: decimal comma, thousands grouped by a no-break space (1 296; 0,917). */
export function russianNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  const [whole, fraction] = value.toFixed(digits).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return fraction ? `${grouped},${fraction}` : grouped;
}

/** The display name of a model family; an unknown name is returned as given. */
export function familyLabel(family: string, lang: DisplayLanguage = 'ru'): string {
  return MODEL_FAMILY_LABELS[family]?.[lang] ?? family;
}

/** The display name of a study step by its notebook (`03_eda` or `03`). */
export function stepLabel(notebook: string, lang: DisplayLanguage = 'ru'): string {
  return STUDY_STEP_LABELS[notebook.slice(0, 2)]?.[lang] ?? notebook;
}

/** Words for "on average" and "versus" in a driver's sentence. */
const VERSUS: Bilingual = { ru: 'против', en: 'vs' };
const ON_AVERAGE: Bilingual = { ru: 'в среднем', en: 'on average' };

/** The display name of a feature (numeric or category); an unknown name is returned as given. */
export function featureLabel(feature: string, lang: DisplayLanguage = 'ru'): string {
  return FEATURE_WORDING[feature]?.name[lang] ?? CATEGORY_FEATURE_NAMES[feature]?.[lang] ?? feature;
}

/** The display name of a segment; an unknown name is returned as given. */
export function segmentLabel(segment: string, lang: DisplayLanguage = 'ru'): string {
  return SEGMENT_LABELS[segment]?.[lang] ?? segment;
}

/** The display name of a metric; an unknown name is returned as given. */
export function metricLabel(metric: string, lang: DisplayLanguage = 'ru'): string {
  return METRIC_LABELS[metric]?.[lang] ?? metric;
}

/** Every feature's display name in one language (for chart axes that take a record). */
export function featureLabelMap(lang: DisplayLanguage = 'ru'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(FEATURE_WORDING)) out[k] = featureLabel(k, lang);
  for (const k of Object.keys(CATEGORY_FEATURE_NAMES)) out[k] = featureLabel(k, lang);
  return out;
}

/** A number as a reader wants it: whole above 100, one decimal above 10, two below; shares as per cent. */
export function formatValue(value: number, unit: Bilingual | 'share', lang: DisplayLanguage = 'ru'): string {
  const comma = (s: string) => (lang === 'ru' ? s.replace('.', ',') : s);
  if (unit === 'share') return `${comma((value * 100).toFixed(Math.abs(value) >= 0.1 ? 0 : 1))} %`;
  const a = Math.abs(value);
  const text = comma(a >= 100 ? value.toFixed(0) : a >= 10 ? value.toFixed(1) : value.toFixed(a >= 1 ? 1 : 2));
  return unit[lang] ? `${text} ${unit[lang]}` : text;
}

/**
 * The fixed parts of a numeric driver's words for one side: «мало страниц за визит: » and « против 8,2 в
 * среднем», so a scorer writing millions of reasons formats only each customer's value between them
 * ({@link describeDriverValue} gives the same text).
 */
export function driverWordParts(feature: string, side: 'low' | 'high', mean: number, lang: DisplayLanguage = 'ru'): { prefix: string; suffix: string; unit: Bilingual | 'share' } | null {
  const wording = FEATURE_WORDING[feature];
  if (!wording) return null;
  return { prefix: `${wording[side][lang]}: `, suffix: ` ${VERSUS[lang]} ${formatValue(mean, wording.unit, lang)} ${ON_AVERAGE[lang]}`, unit: wording.unit };
}

/**
 * A driver in words: «мало страниц за визит: 3,0 против 8,2 в среднем» for a numeric feature (low or high
 * against the mean of the customers the model learnt from), «тип сервиса: стандарт» for a category.
 */
export function describeDriverValue(feature: string, value: number | string, mean: number | null, lang: DisplayLanguage = 'ru'): string {
  const wording = FEATURE_WORDING[feature];
  if (typeof value === 'string' || !wording || mean === null) {
    const shown = typeof value === 'number' && wording ? formatValue(value, wording.unit, lang) : String(value);
    return `${featureLabel(feature, lang).toLowerCase()}: ${shown}`;
  }
  const side = value < mean ? wording.low : wording.high;
  return `${side[lang]}: ${formatValue(value, wording.unit, lang)} ${VERSUS[lang]} ${formatValue(mean, wording.unit, lang)} ${ON_AVERAGE[lang]}`;
}
