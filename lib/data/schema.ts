/**
 * The schema of the store's four files, in one place: which file holds which table, the Russian column names
 * as delivered and the typed English field names they map to, the allowed category values, the periods, and
 * the known typos of the export. Readers, cleaning, merge, synthetic data and notebooks all read from here.
 */
import { SERVICE_TYPE_ORDER, TARGET_NEGATIVE, TARGET_POSITIVE } from './model-table';

/** The four tables of the study, keyed by the name the code uses. */
export const MARKET_FILES = {
  customers: 'market_file.csv',
  revenue: 'market_money.csv',
  minutes: 'market_time.csv',
  profit: 'money.csv',
} as const;

/** A table's key: customers (market_file), revenue (market_money), minutes (market_time), profit (money). */
export type MarketTableKey = keyof typeof MARKET_FILES;
/** A file name as delivered, e.g. `market_file.csv`. */
export type MarketFileName = (typeof MARKET_FILES)[MarketTableKey];

/** The tables in reading order. */
export const MARKET_TABLE_KEYS: readonly MarketTableKey[] = ['customers', 'revenue', 'minutes', 'profit'];

/** The format each file was delivered in (README): money.csv alone uses `;` and a decimal comma. */
export const EXPECTED_FORMATS: Readonly<Record<MarketTableKey, { separator: ',' | ';'; decimal: '.' | ',' }>> = {
  customers: { separator: ',', decimal: '.' },
  revenue: { separator: ',', decimal: '.' },
  minutes: { separator: ',', decimal: '.' },
  profit: { separator: ';', decimal: ',' },
};

/** market_file.csv: English field → Russian column name, in the file's column order. */
export const CUSTOMER_COLUMNS = {
  id: 'id',
  activity: 'Покупательская активность',
  serviceType: 'Тип сервиса',
  allowMessages: 'Разрешить сообщать',
  marketingActivity6m: 'Маркет_актив_6_мес',
  marketingActivityCurrentMonth: 'Маркет_актив_тек_мес',
  tenureDays: 'Длительность',
  promoPurchaseShare: 'Акционные_покупки',
  popularCategory: 'Популярная_категория',
  categoriesPerVisit: 'Средний_просмотр_категорий_за_визит',
  unpaidItemsQuarter: 'Неоплаченные_продукты_штук_квартал',
  serviceErrors: 'Ошибка_сервиса',
  pagesPerVisit: 'Страниц_за_визит',
} as const;

/** market_money.csv: English field → Russian column name. */
export const REVENUE_COLUMNS = { id: 'id', period: 'Период', revenue: 'Выручка' } as const;
/** market_time.csv: English field → Russian column name. */
export const MINUTES_COLUMNS = { id: 'id', period: 'Период', minutes: 'минут' } as const;
/** money.csv: English field → Russian column name. */
export const PROFIT_COLUMNS = { id: 'id', profit: 'Прибыль' } as const;

/** Every file's column mapping (English field → Russian column), keyed by table. */
export const COLUMN_NAMES = {
  customers: CUSTOMER_COLUMNS,
  revenue: REVENUE_COLUMNS,
  minutes: MINUTES_COLUMNS,
  profit: PROFIT_COLUMNS,
} as const;

/** The three months of the study, as typed English names. */
export const PERIODS = ['twoMonthsAgo', 'previousMonth', 'currentMonth'] as const;
/** A month of the study. */
export type Period = (typeof PERIODS)[number];

/** Period → its label in the files. */
export const PERIOD_LABELS: Readonly<Record<Period, string>> = {
  twoMonthsAgo: 'препредыдущий_месяц',
  previousMonth: 'предыдущий_месяц',
  currentMonth: 'текущий_месяц',
};

/** Label in the files → period (correct spellings only; typos are in {@link KNOWN_TYPOS}). */
export const PERIOD_BY_LABEL: Readonly<Record<string, Period>> = Object.fromEntries(
  PERIODS.map((p) => [PERIOD_LABELS[p], p]),
);

/** The periods each long table must hold for every customer: revenue has three months, minutes two. */
export const TABLE_PERIODS: Readonly<{ revenue: readonly Period[]; minutes: readonly Period[] }> = {
  revenue: ['twoMonthsAgo', 'previousMonth', 'currentMonth'],
  minutes: ['previousMonth', 'currentMonth'],
};

/** The target's values as delivered. */
export const ACTIVITY_VALUES = [TARGET_POSITIVE, TARGET_NEGATIVE] as const;
/** «Снизилась» or «Прежний уровень». */
export type Activity = (typeof ACTIVITY_VALUES)[number];

/** Service levels (correct spellings), in their order. */
export const SERVICE_TYPES = SERVICE_TYPE_ORDER;
/** «стандарт» or «премиум». */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Answers to «Разрешить сообщать». */
export const ALLOW_MESSAGES_VALUES = ['да', 'нет'] as const;
/** «да» or «нет». */
export type AllowMessages = (typeof ALLOW_MESSAGES_VALUES)[number];

/** Product categories (correct spellings). The export spells the cosmetics one «аксесуары» throughout. */
export const CATEGORIES = [
  'Товары для детей',
  'Домашний текстиль',
  'Косметика и аксессуары',
  'Техника для красоты и здоровья',
  'Мелкая бытовая техника и электроника',
  'Кухонная посуда',
] as const;
/** A product category. */
export type Category = (typeof CATEGORIES)[number];

/**
 * Misspellings found in the delivered files (inspected value counts: 10 × «стандартт», every market_time row
 * «предыдцщий_месяц», every cosmetics row «аксесуары»). The reader accepts them as they are; cleaning
 * (lib/data/clean.ts) replaces them and logs each change. Any other unknown value is a validation error.
 */
export const KNOWN_TYPOS = {
  serviceType: { 'стандартт': 'стандарт' },
  popularCategory: { 'Косметика и аксесуары': 'Косметика и аксессуары' },
  period: { 'предыдцщий_месяц': 'предыдущий_месяц' },
} as const satisfies {
  serviceType: Record<string, ServiceType>;
  popularCategory: Record<string, Category>;
  period: Record<string, string>;
};

/** A service type as read: a correct value or a known typo. */
export type RawServiceType = ServiceType | keyof (typeof KNOWN_TYPOS)['serviceType'];
/** A category as read: a correct value or a known typo. */
export type RawCategory = Category | keyof (typeof KNOWN_TYPOS)['popularCategory'];
/** A period label as read (Russian): a correct label or a known typo. */
export type RawPeriodLabel = string;

/** One row of market_file.csv as read (values as delivered, typos included). */
export interface RawCustomerRow {
  readonly id: number;
  readonly activity: Activity;
  readonly serviceType: RawServiceType;
  readonly allowMessages: AllowMessages;
  readonly marketingActivity6m: number;
  readonly marketingActivityCurrentMonth: number;
  readonly tenureDays: number;
  readonly promoPurchaseShare: number;
  readonly popularCategory: RawCategory;
  readonly categoriesPerVisit: number;
  readonly unpaidItemsQuarter: number;
  readonly serviceErrors: number;
  readonly pagesPerVisit: number;
}

/** One customer after cleaning: typos replaced by the correct values. */
export interface CustomerRow extends Omit<RawCustomerRow, 'serviceType' | 'popularCategory'> {
  readonly serviceType: ServiceType;
  readonly popularCategory: Category;
}

/** One row of market_money.csv as read; `periodLabel` is the Russian label as delivered. */
export interface RawRevenueRow {
  readonly id: number;
  readonly periodLabel: RawPeriodLabel;
  readonly revenue: number;
}

/** One row of market_time.csv as read; `periodLabel` is the Russian label as delivered. */
export interface RawMinutesRow {
  readonly id: number;
  readonly periodLabel: RawPeriodLabel;
  readonly minutes: number;
}

/** One row of money.csv: mean monthly profit from the customer over the last 3 months. */
export interface ProfitRow {
  readonly id: number;
  readonly profit: number;
}

/** Revenue of one customer in one month, after cleaning. */
export interface RevenueRow {
  readonly id: number;
  readonly period: Period;
  readonly revenue: number;
}

/** Minutes on the site of one customer in one month, after cleaning. */
export interface MinutesRow {
  readonly id: number;
  readonly period: Period;
  readonly minutes: number;
}

/** Russian display names of the modelling table's columns (features, target, profit), for notebooks. */
export const MODEL_COLUMN_LABELS: Readonly<Record<string, string>> = {
  id: 'id',
  target: 'Покупательская активность',
  profit: 'Прибыль',
  serviceType: CUSTOMER_COLUMNS.serviceType,
  allowMessages: CUSTOMER_COLUMNS.allowMessages,
  marketingActivity6m: CUSTOMER_COLUMNS.marketingActivity6m,
  marketingActivityCurrentMonth: CUSTOMER_COLUMNS.marketingActivityCurrentMonth,
  tenureDays: CUSTOMER_COLUMNS.tenureDays,
  promoPurchaseShare: CUSTOMER_COLUMNS.promoPurchaseShare,
  popularCategory: CUSTOMER_COLUMNS.popularCategory,
  categoriesPerVisit: CUSTOMER_COLUMNS.categoriesPerVisit,
  unpaidItemsQuarter: CUSTOMER_COLUMNS.unpaidItemsQuarter,
  serviceErrors: CUSTOMER_COLUMNS.serviceErrors,
  pagesPerVisit: CUSTOMER_COLUMNS.pagesPerVisit,
  revenueTwoMonthsAgo: 'Выручка_препредыдущий_месяц',
  revenuePreviousMonth: 'Выручка_предыдущий_месяц',
  revenueCurrentMonth: 'Выручка_текущий_месяц',
  minutesPreviousMonth: 'минут_предыдущий_месяц',
  minutesCurrentMonth: 'минут_текущий_месяц',
};

/** The Russian column name of an English field in a table, e.g. `columnLabel('customers', 'tenureDays')`. */
export function columnLabel<K extends MarketTableKey>(table: K, field: keyof (typeof COLUMN_NAMES)[K]): string {
  return (COLUMN_NAMES[table] as Record<string, string>)[field as string]!;
}

/** Renames a row's English fields to the files' Russian column names (for showing tables as delivered). */
export function toRussianColumns<T extends object>(table: MarketTableKey, row: T): Record<string, unknown> {
  const names = COLUMN_NAMES[table] as Record<string, string>;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) {
    out[field === 'periodLabel' || field === 'period' ? names.period ?? field : names[field] ?? field] =
      field === 'period' ? PERIOD_LABELS[value as Period] : value;
  }
  return out;
}
