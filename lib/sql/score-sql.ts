/**
 * The model file as SQL: one script of views that scores customers inside a database, from the four tables
 * in the delivered layout to `id, dropProbability, segment`, with the scoring rules of lib/score (typo fixes;
 * inactive, extreme-revenue and unknown-category customers rejected with the reason), the pivots of revenue
 * and minutes, the fitted preprocessing with its constants inlined, the model and the segment rules.
 *
 * Two dialects: 'duckdb' (the four CSV files through read_csv, or tables) and 'postgres' (tables loaded
 * with COPY, every column as delivered). Every value is read as text and parsed by the same patterns as
 * lib/data (so a typed or a text column both work, and a bad value becomes a reject, not a failed query);
 * every constant is written as a string cast to FLOAT8, which both engines parse to the nearest double, and
 * every sum is written in the order lib/ adds it, so the probabilities are the library's to the last bit or
 * two (exp and sqrt of the engines' libm may differ from V8's by an ulp).
 *
 * Views (prefix `okc_`): okc_customers, okc_revenue, okc_minutes, okc_profit (parsed rows), okc_checked
 * (one row per customer with its first broken rule), okc_rejects (id, file, rule, reason), okc_features
 * (the model matrix x0…), okc_proba (id, dropProbability), okc_scores (id, dropProbability, segment); and,
 * for a model of one row at a time, okc_outcome (every customer's rule, or probability and segment, in one
 * pass: the scores and the customers' own rejects are read from it).
 */
import { StudyError } from '../core/errors';
import type { Json } from '../core/types';
import { CATEGORIES, COLUMN_NAMES, KNOWN_TYPOS, MARKET_FILES, PERIOD_LABELS, SERVICE_TYPES, ALLOW_MESSAGES_VALUES, TABLE_PERIODS, type MarketTableKey } from '../data/schema';
import { MODEL_FILE_FORMAT, MODEL_SCHEMA_VERSION, ModelFileError, type ModelFile } from '../model-file';
import { CATEGORY_FEATURES, NUMERIC_FEATURES } from '../score/records';
import type { SegmentRule } from '../segment/rules';

/** The SQL dialects the scorer can be written in. */
export const SQL_DIALECTS = ['duckdb', 'postgres'] as const;
/** A SQL dialect: 'duckdb' or 'postgres'. */
export type SqlDialect = (typeof SQL_DIALECTS)[number];

/** Where the four tables come from: CSV files in a directory (DuckDB only) or tables of the database. */
export type SqlSource = { kind: 'csv'; dir: string } | { kind: 'tables'; names?: Partial<Record<MarketTableKey, string>> };

/** Options of {@link scoringSql}. */
export interface ScoringSqlOptions {
  dialect: SqlDialect;
  /** Default: for DuckDB the CSV files of `dir`, for PostgreSQL the tables market_file, market_money, market_time, money. */
  source?: SqlSource;
  /**
   * What later views read more than once as temporary tables instead of views (default false: a script of
   * views): the parsed rows, and okc_outcome, or okc_checked and okc_scores for the models that join other
   * rows to the features.
   */
  materialize?: boolean;
}

/** A model or option that cannot be written as SQL (unknown dialect, model kind, another schema version). */
export class SqlExportError extends StudyError {
  constructor(message: string) {
    super(message, 'SQL_EXPORT');
  }
}

/** The default table name of each of the four tables (the file name without `.csv`). */
export const SQL_TABLE_NAMES: Readonly<Record<MarketTableKey, string>> = {
  customers: 'market_file',
  revenue: 'market_money',
  minutes: 'market_time',
  profit: 'money',
};

/** Checks a dialect name; throws {@link SqlExportError} naming it and the known ones. */
export function sqlDialectOf(name: string): SqlDialect {
  if ((SQL_DIALECTS as readonly string[]).includes(name)) return name as SqlDialect;
  throw new SqlExportError(`unknown SQL dialect '${name}' (expected ${SQL_DIALECTS.join(' or ')})`);
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A quoted identifier (the delivered columns are Russian, with spaces). */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A double constant: JavaScript's shortest round-trip text cast to FLOAT8 (a bare `0.1` would be DECIMAL in
 * DuckDB and NUMERIC in PostgreSQL, whose arithmetic differs from the library's doubles). Whole numbers
 * below 2^53 stay bare integers (exact in any type).
 */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new SqlExportError(`cannot write ${value} as a SQL constant`);
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return value < 0 ? `(${value})` : String(value);
  return `CAST('${String(value)}' AS FLOAT8)`;
}

interface Ctx {
  dialect: SqlDialect;
  materialize: boolean;
}

/**
 * The head of a view; with `materialize` the views every later one reads (parsed rows, checked customers)
 * become temporary tables, computed once: an engine that scores and lists rejects in one session reads
 * them twice, and a planner cannot estimate the rule filters of a view.
 */
function createView(ctx: Ctx, name: string): string {
  return ctx.materialize ? `CREATE TEMP TABLE ${name} AS` : `CREATE OR REPLACE VIEW ${name} AS`;
}

const DECIMAL_RE = '^-?[0-9]+([.,][0-9]+)?$';
const WHOLE_RE = '^[0-9]{1,15}$';
const ID_RE = '^[0-9]{1,9}$';
/**
 * A customer id of up to 9 digits fits a 32-bit integer: half the width of BIGINT in every stored table,
 * hash table and join key (in DuckDB the id's joins and groupings took a tenth less time).
 */
const ID_TYPE = 'INTEGER';

function matches(ctx: Ctx, text: string, re: string): string {
  return ctx.dialect === 'duckdb' ? `regexp_full_match(${text}, ${sqlString(re)})` : `(${text} ~ ${sqlString(re)})`;
}

/**
 * A customer id from its text `t_id` (NULL unless 1 to 9 digits and not 0). In DuckDB a try-cast whose
 * result writes back to the same text settles almost every id (the pattern then runs only on the rest:
 * leading zeros, or not an id at all), at about half the pattern's cost; PostgreSQL has no try-cast.
 * The DuckDB form reads `id_try` ({@link idTry}) and `id_text` from the layers below.
 */
function idValue(ctx: Ctx): string {
  const byPattern = `WHEN ${matches(ctx, 't_id', ID_RE)} THEN NULLIF(CAST(t_id AS ${ID_TYPE}), 0)`;
  if (ctx.dialect !== 'duckdb') return `CASE ${byPattern} END`;
  // id_text (one layer below, {@link idTextValue}) is NULL where the id is plain, or where the field is
  // empty (then id_try is NULL too): the write-back test runs once per row, for both columns.
  return `CASE WHEN id_text IS NULL THEN id_try ${byPattern} END`;
}

/** DuckDB: the id's text is the try-cast id written back (no sign, space or leading zero). */
const PLAIN_ID = 'id_try BETWEEN 1 AND 999999999 AND CAST(id_try AS VARCHAR) = t_id';

/**
 * `id_text`, the id's text as the file has it, for the rejects. DuckDB keeps it only where it is not the
 * id written back (NULL there, read back by {@link idTextOf}): storing a text per row cost more than
 * writing back the ids of the few rows rejected. PostgreSQL keeps every text.
 */
function idTextValue(ctx: Ctx): string {
  return ctx.dialect === 'duckdb' ? `CASE WHEN ${PLAIN_ID} THEN NULL ELSE t_id END` : 't_id';
}

/** The id's text of a row of `alias` (a table with id_text and id), as the file has it. */
function idTextOf(alias: string): string {
  const a = alias === '' ? '' : `${alias}.`;
  return `COALESCE(${a}id_text, CAST(${a}id AS VARCHAR))`;
}

/** The select-list item {@link idValue} reads in DuckDB (none in PostgreSQL). */
function idTry(ctx: Ctx, idText: string): string {
  return ctx.dialect === 'duckdb' ? `, TRY_CAST(${idText} AS ${ID_TYPE}) AS id_try` : '';
}

/** A number's text with a decimal comma as a double; REPLACE copies the text, so only where there is a comma. */
function decimalValue(v: string): string {
  return `CAST(CASE WHEN position(',' IN ${v}) > 0 THEN REPLACE(${v}, ',', '.') ELSE ${v} END AS FLOAT8)`;
}

/** A double as JavaScript's String() writes it, for the typical values of a reason (whole numbers without '.0'). */
function numberText(ctx: Ctx, x: string): string {
  const asText = ctx.dialect === 'duckdb' ? `CAST(${x} AS VARCHAR)` : `CAST(${x} AS TEXT)`;
  return `CASE WHEN ${x} = floor(${x}) AND abs(${x}) < 1e15 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR) ELSE ${asText} END`;
}

/** exp(a) that gives 0 where the result underflows (PostgreSQL raises an error there; V8 gives 0). */
function safeExp(a: string): string {
  return `(CASE WHEN (${a}) < -745 THEN CAST(0 AS FLOAT8) ELSE exp(${a}) END)`;
}

function sourceOf(ctx: Ctx, options: ScoringSqlOptions, table: MarketTableKey): string {
  const source = options.source ?? (ctx.dialect === 'duckdb' ? null : { kind: 'tables' as const });
  if (source === null) throw new SqlExportError('the DuckDB dialect needs a source: the CSV files\' directory or tables');
  if (source.kind === 'csv') {
    if (ctx.dialect !== 'duckdb') throw new SqlExportError(`CSV files as a source need the duckdb dialect (PostgreSQL reads tables loaded with COPY)`);
    const file = `${source.dir.replace(/\/+$/, '')}/${MARKET_FILES[table]}`;
    const delim = table === 'profit' ? ';' : ',';
    return `read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ${sqlString(delim)}, quote = '"')`;
  }
  return sqlIdent(source.names?.[table] ?? SQL_TABLE_NAMES[table]);
}

/** The columns each table must have (the target column of market_file.csv is not needed for scoring). */
export function requiredColumns(table: MarketTableKey): string[] {
  const columns = Object.entries(COLUMN_NAMES[table]).filter(([field]) => !(table === 'customers' && field === 'activity'));
  return columns.map(([, column]) => column);
}

const WHOLE_FIELDS = new Set(['marketingActivityCurrentMonth', 'tenureDays', 'categoriesPerVisit', 'unpaidItemsQuarter', 'serviceErrors', 'pagesPerVisit']);

function text(ctx: Ctx, column: string): string {
  return `CAST(${sqlIdent(column)} AS ${ctx.dialect === 'duckdb' ? 'VARCHAR' : 'TEXT'})`;
}

function fixTypos(value: string, typos: Record<string, string>): string {
  const entries = Object.entries(typos);
  if (entries.length === 0) return value;
  return `CASE ${value} ${entries.map(([typo, right]) => `WHEN ${sqlString(typo)} THEN ${sqlString(right)}`).join(' ')} ELSE ${value} END`;
}

function customersView(ctx: Ctx, options: ScoringSqlOptions): string {
  const c = COLUMN_NAMES.customers;
  const file = MARKET_FILES.customers;
  const t = (field: keyof typeof c) => `t_${field}`;
  const rawSelect = (Object.keys(c) as Array<keyof typeof c>).filter((f) => f !== 'activity').map((f) => `${text(ctx, c[f])} AS ${t(f)}`);
  const categoryChecks: Array<[string, readonly string[], Record<string, string>]> = [
    ['serviceType', SERVICE_TYPES, KNOWN_TYPOS.serviceType],
    ['allowMessages', ALLOW_MESSAGES_VALUES, {}],
    ['popularCategory', CATEGORIES, KNOWN_TYPOS.popularCategory],
  ];
  const fixed = categoryChecks.map(([f, , typos]) => `${fixTypos(t(f as keyof typeof c), typos)} AS ${f}`);
  // One pattern per row over the numeric fields joined by '|' (a field holding '|' or nothing cannot match):
  // one regular expression per row instead of one per field; the per-field messages are built only for the
  // rows it refuses.
  const numericFields = (Object.keys(c) as Array<keyof typeof c>).filter((f) => f !== 'activity' && f !== 'id' && !categoryChecks.some(([name]) => name === f));
  const bare = (re: string) => re.slice(1, -1);
  const rowRe = `^${numericFields.map((f) => bare(WHOLE_FIELDS.has(f) ? WHOLE_RE : DECIMAL_RE)).join('\\|')}$`;
  // concat_ws builds each text in one call (a chain of || made a new string per field); every field is
  // COALESCEd, so no NULL is skipped and the texts are those of the chain.
  const joined = `concat_ws('|', ${numericFields.map((f) => `COALESCE(${t(f)}, '')`).join(', ')})`;
  // A whole number's text (its pattern has no ',') is cast as it is: no REPLACE copy of every such field.
  const valueOf = (f: keyof typeof c) => `CASE WHEN numbers_ok THEN ${WHOLE_FIELDS.has(f) ? `CAST(${t(f)} AS FLOAT8)` : decimalValue(t(f))} END`;
  const numeric = NUMERIC_FEATURES.slice(0, 8).map((f) => `${valueOf(f as keyof typeof c)} AS ${f}`);
  const fine = [
    'numbers_ok',
    ...categoryChecks.map(([f, values, typos]) => `${t(f as keyof typeof c)} IN (${[...values, ...Object.keys(typos)].map(sqlString).join(', ')})`),
    'marketingActivity6m >= 0',
    'promoPurchaseShare BETWEEN 0 AND 1',
  ].join(' AND ');
  // The first unreadable value of the row, as lib/data's parser would find it (column order of the file).
  const problems: string[] = [];
  for (const f of Object.keys(c) as Array<keyof typeof c>) {
    if (f === 'activity' || f === 'id') continue;
    const v = t(f);
    const label = `column «${c[f]}»`;
    const check = categoryChecks.find(([name]) => name === f);
    if (check) {
      const allowed = [...check[1], ...Object.keys(check[2])];
      problems.push(`WHEN ${v} IS NULL OR ${v} NOT IN (${allowed.map(sqlString).join(', ')}) THEN ${sqlString(`${file}, ${label}: expected one of ${check[1].join(', ')}, found `)} || COALESCE(${v}, 'nothing')`);
    } else {
      const re = WHOLE_FIELDS.has(f) ? WHOLE_RE : DECIMAL_RE;
      const value = `CASE WHEN ${matches(ctx, v, re)} THEN CAST(REPLACE(${v}, ',', '.') AS FLOAT8) END`;
      const range = f === 'marketingActivity6m' ? ` OR ${value} < 0` : f === 'promoPurchaseShare' ? ` OR ${value} NOT BETWEEN 0 AND 1` : '';
      problems.push(`WHEN ${v} IS NULL OR NOT ${matches(ctx, v, re)}${range} THEN ${sqlString(`${file}, ${label}: expected ${WHOLE_FIELDS.has(f) ? 'a whole number' : 'a number'}, found `)} || COALESCE(${v}, 'nothing')`);
    }
  }
  const rawFields = (Object.keys(c) as Array<keyof typeof c>).filter((f) => f !== 'activity').map((f) => `COALESCE(${t(f)}, '')`);
  // The row's key for the exact-repeat check: in PostgreSQL its fields joined, each after its length (a
  // field may hold the separator: without the lengths «1|2», «3» and «1», «2|3» would be one key); in
  // DuckDB a 64-bit hash of them, which costs half the text to build and an eighth to store (two
  // different rows of one customer would pass for a repeat only if their hashes collided: a chance of 2^-64
  // per pair). Where the numbers match their pattern no numeric field holds '|', so their joined text
  // (built for the pattern) stands for them: a hash of five texts instead of twelve.
  const textFields = (Object.keys(c) as Array<keyof typeof c>).filter((f) => f === 'id' || categoryChecks.some(([name]) => name === f)).map((f) => `COALESCE(${t(f)}, '')`);
  const allRaw = ctx.dialect === 'duckdb'
    ? `CASE WHEN numbers_ok THEN hash(${[...textFields, 'numbers_text'].join(', ')}) ELSE hash(${rawFields.join(', ')}) END`
    : `concat_ws('|', ${rawFields.map((f) => `length(${f}) || ':' || ${f}`).join(', ')})`;
  // Layer by layer, so that each pattern, typo fix and cast runs once per row: the row pattern, then the
  // values, then the checks that read them.
  return `${createView(ctx, 'okc_customers')}
SELECT id_text, ${idValue(ctx)} AS id, ${categoryChecks.map(([f]) => f).join(', ')}, ${NUMERIC_FEATURES.slice(0, 8).join(', ')},
  CASE WHEN ${fine} THEN NULL ELSE CASE ${problems.join('\n    ')} END END AS problem,
  row_key
FROM (SELECT raw.*,
  ${idTextValue(ctx)} AS id_text,
  ${fixed.join(',\n  ')},
  ${numeric.join(',\n  ')},
  ${allRaw} AS row_key
FROM (SELECT raw.*, ${matches(ctx, 'numbers_text', rowRe)} AS numbers_ok
FROM (SELECT raw.*, ${joined} AS numbers_text
  FROM (SELECT ${rawSelect.join(', ')}${idTry(ctx, text(ctx, c.id))} FROM ${sourceOf(ctx, options, 'customers')}) AS raw) AS raw) AS raw) AS raw;`;
}

type Side = 'revenue' | 'minutes' | 'profit';

function sideView(ctx: Ctx, options: ScoringSqlOptions, kind: Side): string {
  const file = MARKET_FILES[kind];
  const columns = COLUMN_NAMES[kind] as Record<string, string>;
  const valueColumn = kind === 'revenue' ? columns.revenue! : kind === 'minutes' ? columns.minutes! : columns.profit!;
  const re = kind === 'minutes' ? WHOLE_RE : DECIMAL_RE;
  const v = 't_value';
  let slot = '0';
  let periodSelect = '';
  if (kind !== 'profit') {
    const periods = TABLE_PERIODS[kind];
    const labels: string[] = [];
    periods.forEach((p, k) => {
      labels.push(`WHEN ${sqlString(PERIOD_LABELS[p])} THEN ${k}`);
      for (const [typo, right] of Object.entries(KNOWN_TYPOS.period)) if (right === PERIOD_LABELS[p]) labels.push(`WHEN ${sqlString(typo)} THEN ${k}`);
    });
    slot = `CASE t_period ${labels.join(' ')} END`;
    periodSelect = `, ${text(ctx, columns.period!)} AS t_period`;
  }
  const negative = kind === 'revenue' ? ' OR value < 0' : '';
  const periodProblem = kind === 'profit' ? '' : `WHEN slot IS NULL THEN ${sqlString(`${file}, column «${columns.period}»: expected a period (${TABLE_PERIODS[kind].map((p) => PERIOD_LABELS[p]).join(', ')}), found `)} || COALESCE(t_period, 'nothing')\n    `;
  // Layer by layer, so that the period's CASE and the value's pattern run once per row (the checks read
  // their results instead of evaluating them again in each arm).
  return `${createView(ctx, `okc_${kind}`)}
SELECT id_text, id, slot, value,
  CASE ${periodProblem}WHEN ${v} IS NULL OR NOT value_ok${negative} THEN ${sqlString(`${file}, column «${valueColumn}»: expected ${kind === 'minutes' ? 'a whole number' : 'a number'}, found `)} || COALESCE(${v}, 'nothing') END AS problem
FROM (SELECT raw.*, ${idValue(ctx)} AS id, CASE WHEN value_ok THEN ${re === WHOLE_RE ? `CAST(${v} AS FLOAT8)` : decimalValue(v)} END AS value
FROM (SELECT raw.*,
  ${idTextValue(ctx)} AS id_text,
  ${slot} AS slot,
  ${matches(ctx, v, re)} AS value_ok
FROM (SELECT ${text(ctx, columns.id!)} AS t_id${periodSelect}, ${text(ctx, valueColumn)} AS t_value${idTry(ctx, text(ctx, columns.id!))} FROM ${sourceOf(ctx, options, kind)}) AS raw) AS raw) AS raw;`;
}

/** Per customer and side table: the pivoted values, whether a row was bad, conflicting or missing. */
function pivotView(kind: Side): string {
  const slots = kind === 'profit' ? 1 : TABLE_PERIODS[kind].length;
  const cols: string[] = [];
  // MIN beside MAX: a slot holds two different values exactly when its smallest is below its largest, found
  // in the one pass of the GROUP BY (a COUNT(DISTINCT …) per slot hashed every value a second time).
  for (let k = 0; k < slots; k++) {
    cols.push(`MAX(CASE WHEN slot = ${k} AND problem IS NULL THEN value END) AS v${k}`);
    cols.push(`MIN(CASE WHEN slot = ${k} AND problem IS NULL THEN value END) AS lo${k}`);
  }
  return `CREATE OR REPLACE VIEW okc_${kind}_pivot AS
SELECT id, ${cols.join(', ')}, MIN(problem) AS problem
FROM okc_${kind} WHERE id IS NOT NULL GROUP BY id;`;
}

/** A rule of okc_checked: when `cond` holds (and no earlier rule did), the customer is rejected. */
interface CheckRule {
  cond: string;
  rule: string;
  reason: string;
  file: string;
}

/** The rules of one side table, over the joined layer's columns (`r_v0`, `r_lo0`, `r_problem`, `r_id`, …). */
function sideProblems(kind: Side, alias: string): CheckRule[] {
  const file = MARKET_FILES[kind];
  const slots = kind === 'profit' ? 1 : TABLE_PERIODS[kind].length;
  const label = (k: number) => (kind === 'profit' ? '' : `«${PERIOD_LABELS[TABLE_PERIODS[kind as 'revenue' | 'minutes'][k]!]}»`);
  const idText = `CAST(id AS VARCHAR)`;
  const all = (f: (k: number) => string, join: string) => Array.from({ length: slots }, (_, k) => f(k)).join(join);
  const conflictText = kind === 'profit'
    ? `${sqlString(`${file}: a second row for customer `)} || ${idText} || ' with another value'`
    : `${sqlString(`${file}: a second row for customer `)} || ${idText} || ' in ' || CASE ${all((k) => `WHEN ${alias}_lo${k} < ${alias}_v${k} THEN ${sqlString(label(k))}`, ' ')} END || ' with another value'`;
  const missingText = kind === 'profit'
    ? `${sqlString(`${file}: no row for customer `)} || ${idText} || ' (the profit places the customer in a segment)'`
    : `${sqlString(`${file}: no row for customer `)} || ${idText} || ' in ' || concat_ws(', ', ${all((k) => `CASE WHEN ${alias}_v${k} IS NULL THEN ${sqlString(label(k))} END`, ', ')})`;
  return [
    { cond: `${alias}_problem IS NOT NULL`, rule: 'invalid-value', reason: `${alias}_problem`, file },
    { cond: all((k) => `${alias}_lo${k} < ${alias}_v${k}`, ' OR '), rule: 'invalid-value', reason: conflictText, file },
    { cond: `${alias}_id IS NULL OR ${all((k) => `${alias}_v${k} IS NULL`, ' OR ')}`, rule: 'missing-rows', reason: missingText, file },
  ];
}

/** The known categories of the model (CATEGORY_FEATURES order), or null = any. */
function knownCategories(model: ModelFile): Array<string[] | null> {
  const byName = new Map(model.features.map((f) => [f.name, f]));
  return CATEGORY_FEATURES.map((name) => byName.get(name)?.categories ?? null);
}

/** The pivot columns okc_checked joins, per side table alias: id, problem, and v/lo per slot. */
function pivotColumns(kind: Side): string[] {
  const slots = kind === 'profit' ? 1 : TABLE_PERIODS[kind].length;
  return ['id', 'problem', ...Array.from({ length: slots }, (_, k) => [`v${k}`, `lo${k}`]).flat()];
}

function checkedView(ctx: Ctx, model: ModelFile): string {
  const bound = model.cleaning.extremeRevenueBound;
  const rev = ['r_v0', 'r_v1', 'r_v2'];
  const labels = TABLE_PERIODS.revenue.map((p) => `«${PERIOD_LABELS[p]}»`);
  const inactive = rev.map((r) => `NOT (${r} > 0)`).join(' OR ');
  const inactiveText = `'not active in all 3 months: revenue 0 in ' || concat_ws(', ', ${rev.map((r, k) => `CASE WHEN NOT (${r} > 0) THEN ${sqlString(labels[k]!)} END`).join(', ')}) || ' (the model is for regular customers)'`;
  const extreme = rev.map((r) => `${r} > ${sqlNumber(bound)}`).join(' OR ');
  const extremeText = `CASE ${rev.map((r, k) => `WHEN ${r} > ${sqlNumber(bound)} THEN 'revenue ' || ${numberText(ctx, r)} || ${sqlString(` in ${labels[k]} is above ${bound}, the bound for an entry error the model was trained without`)}`).join(' ')} END`;
  const known = knownCategories(model);
  const customers = MARKET_FILES.customers;
  const rules: CheckRule[] = [
    { cond: 'c_problem IS NOT NULL', rule: 'invalid-value', reason: 'c_problem', file: customers },
    ...sideProblems('revenue', 'r'),
    ...sideProblems('minutes', 'm'),
    ...sideProblems('profit', 'p'),
    { cond: inactive, rule: 'inactive', reason: inactiveText, file: customers },
    { cond: extreme, rule: 'extreme-revenue', reason: extremeText, file: customers },
  ];
  CATEGORY_FEATURES.forEach((feature, k) => {
    const cats = known[k];
    if (!cats) return;
    const knownText = cats.map((v) => `«${v}»`).join(', ');
    rules.push({
      cond: `${feature} NOT IN (${cats.map(sqlString).join(', ')})`,
      rule: 'unknown-category',
      reason: `${sqlString(`${feature} «`)} || ${feature} || ${sqlString(`» was not seen in training (known: ${knownText})`)}`,
      file: customers,
    });
  });
  // Three layers: the joins; the number of the first broken rule; its name, reason and file. Almost every
  // customer breaks none, so one conjunction of the negated rules settles most rows before the numbered CASE,
  // and the name, reason and file are picked by that number instead of evaluating every rule again.
  // (A rule whose condition is NULL is not broken; the conjunction is then not TRUE either, so such a row
  // goes on to the numbered CASE, which finds the same answer.)
  const fine = rules.map((r) => `NOT (${r.cond})`).join('\n      AND ');
  const ruleNo = `CASE WHEN ${fine} THEN NULL ELSE CASE ${rules.map((r, k) => `WHEN ${r.cond} THEN ${k + 1}`).join('\n    ')} END END`;
  const byNo = (pick: (r: CheckRule) => string) => `CASE rule_no ${rules.map((r, k) => `WHEN ${k + 1} THEN ${pick(r)}`).join('\n    ')} END`;
  const customerColumns = ['id', 'id_text', ...NUMERIC_FEATURES.slice(0, 8), ...CATEGORY_FEATURES];
  const sides: Array<[Side, string]> = [['revenue', 'r'], ['minutes', 'm'], ['profit', 'p']];
  const joined = [
    ...customerColumns.map((f) => `c.${f}`),
    'c.problem AS c_problem',
    ...sides.flatMap(([kind, alias]) => pivotColumns(kind).map((col) => `${alias}.${col} AS ${alias}_${col}`)),
  ];
  return `${createView(ctx, 'okc_checked')}
SELECT ${customerColumns.join(', ')},
  r_v0 AS revenueTwoMonthsAgo, r_v1 AS revenuePreviousMonth, r_v2 AS revenueCurrentMonth,
  m_v0 AS minutesPreviousMonth, m_v1 AS minutesCurrentMonth, p_v0 AS profit,
  CASE WHEN rule_no IS NOT NULL THEN ${byNo((r) => sqlString(r.rule))} END AS rule,
  CASE WHEN rule_no IS NOT NULL THEN ${byNo((r) => r.reason)} END AS reason,
  CASE WHEN rule_no IS NOT NULL THEN ${byNo((r) => sqlString(r.file))} END AS file
FROM (SELECT j.*,
  ${ruleNo} AS rule_no
FROM (SELECT ${joined.join(', ')}
FROM okc_first AS c
LEFT JOIN okc_revenue_pivot AS r ON r.id = c.id
LEFT JOIN okc_minutes_pivot AS m ON m.id = c.id
LEFT JOIN okc_profit_pivot AS p ON p.id = c.id) AS j) AS j;`;
}

/**
 * Duplicates: a customer's rows that repeat exactly are scored once and the repeats rejected; rows of one id
 * with different values are all rejected (a table has no row order to pick the first by, as the streaming
 * scorer picks the first line).
 */
function duplicateViews(ctx: Ctx): string {
  // The distinct row texts are counted only for the ids that repeat (a plain COUNT(*) finds them): counting
  // them for every customer hashed a million row texts to find a handful of repeats.
  return `${createView(ctx, 'okc_repeated')}
SELECT c.id, COUNT(DISTINCT c.row_key) AS variants FROM okc_customers AS c
WHERE c.id IN (SELECT id FROM okc_customers WHERE id IS NOT NULL GROUP BY id HAVING COUNT(*) > 1) GROUP BY c.id;
CREATE OR REPLACE VIEW okc_numbered AS
SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY c.row_key) AS copy, v.variants
FROM okc_customers AS c JOIN okc_repeated AS v ON v.id = c.id;
CREATE OR REPLACE VIEW okc_first AS
SELECT c.* FROM okc_customers AS c WHERE c.id IS NOT NULL AND c.id NOT IN (SELECT id FROM okc_repeated)
UNION ALL
SELECT ${['id_text', 'id', ...CATEGORY_FEATURES, ...NUMERIC_FEATURES.slice(0, 8), 'problem', 'row_key'].join(', ')} FROM okc_numbered WHERE copy = 1 AND variants = 1;`;
}

function rejectsView(checked: string): string {
  const side = (kind: Side) =>
    `SELECT ${idTextOf('s')} AS id, ${sqlString(MARKET_FILES[kind])} AS file, CASE WHEN s.id IS NULL THEN 'invalid-value' ELSE 'unknown-customer' END AS rule,
  CASE WHEN s.id IS NULL THEN ${sqlString(`${MARKET_FILES[kind]}, column «id»: expected a customer id (a positive whole number), found `)} || COALESCE(s.id_text, 'nothing')
    ELSE 'customer ' || CAST(s.id AS VARCHAR) || ${sqlString(` is not in ${MARKET_FILES.customers} (or is out of order there)`)} END AS reason
FROM okc_${kind} AS s WHERE s.id IS NULL OR s.id NOT IN (SELECT id FROM okc_customers WHERE id IS NOT NULL)`;
  return `CREATE OR REPLACE VIEW okc_rejects AS
SELECT ${idTextOf('')} AS id, file, rule, reason FROM ${checked} WHERE rule IS NOT NULL
UNION ALL
SELECT id_text, ${sqlString(MARKET_FILES.customers)}, 'invalid-value', ${sqlString(`${MARKET_FILES.customers}, column «id»: expected a customer id (a positive whole number), found `)} || COALESCE(id_text, 'nothing')
FROM okc_customers WHERE id IS NULL
UNION ALL
SELECT CAST(id AS VARCHAR), ${sqlString(MARKET_FILES.customers)}, 'duplicate',
  CASE WHEN variants = 1 THEN 'exact repeat: customer ' || CAST(id AS VARCHAR) || ' is scored once'
    ELSE 'customer ' || CAST(id AS VARCHAR) || ' appears with different values: none of its rows is scored' END
FROM okc_numbered WHERE copy > 1 OR variants > 1
UNION ALL
${side('revenue')}
UNION ALL
${side('minutes')}
UNION ALL
${side('profit')};`;
}

// ---- the fitted pipeline ----

interface FittedNode {
  kind: string;
  params: { [key: string]: Json };
  state: { [key: string]: Json };
}

function asNode(json: Json, what: string): FittedNode {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || typeof json['kind'] !== 'string') {
    throw new SqlExportError(`the model file's ${what} is not a fitted {kind, params, state} object`);
  }
  return json as unknown as FittedNode;
}

function nums(json: Json | undefined, what: string): number[] {
  if (!Array.isArray(json) || json.some((v) => typeof v !== 'number')) throw new SqlExportError(`the model file's ${what} is not an array of numbers`);
  return json as number[];
}

/** The column transformer's output columns as SQL expressions over okc_checked's columns. */
function featureExpressions(prep: FittedNode): string[] {
  const routes = (prep.params['routes'] as Array<{ name: string; columns: string[] }>) ?? [];
  const fitted = (prep.state['fitted'] as Json[]) ?? [];
  const out: string[] = [];
  routes.forEach((route, k) => {
    const t = asNode(fitted[k]!, `transformer '${route.name}'`);
    const columns = t.state['columns'] as string[];
    switch (t.kind) {
      case 'standard-scaler':
      case 'minmax-scaler':
      case 'passthrough': {
        const center = nums(t.state['center'], `${route.name} centre`);
        const scale = nums(t.state['scale'], `${route.name} scale`);
        columns.forEach((c, j) => {
          if (t.kind === 'standard-scaler') out.push(`(${c} - ${sqlNumber(center[j]!)}) / ${sqlNumber(scale[j]!)}`);
          else if (t.kind === 'minmax-scaler') out.push(`${c} * ${sqlNumber(scale[j]!)} + ${sqlNumber(center[j]!)}`);
          else out.push(`CAST(${c} AS FLOAT8)`);
        });
        break;
      }
      case 'one-hot': {
        const skip = t.params['drop'] === 'first' ? 1 : 0;
        const categories = t.state['categories'] as string[][];
        columns.forEach((c, j) => {
          for (const v of categories[j]!.slice(skip)) out.push(`CASE WHEN ${c} = ${sqlString(v)} THEN CAST(1 AS FLOAT8) ELSE CAST(0 AS FLOAT8) END`);
        });
        break;
      }
      case 'ordinal': {
        const categories = t.state['categories'] as string[][];
        const unknown = t.params['unknownValue'];
        columns.forEach((c, j) => {
          const cases = categories[j]!.map((v, i) => `WHEN ${sqlString(v)} THEN CAST(${i} AS FLOAT8)`).join(' ');
          out.push(`CASE ${c} ${cases} ELSE ${typeof unknown === 'number' ? sqlNumber(unknown) : 'NULL'} END`);
        });
        break;
      }
      default:
        throw new SqlExportError(`transformer kind '${t.kind}' of route '${route.name}' has no SQL form`);
    }
  });
  for (const c of (prep.state['remainder'] as string[]) ?? []) out.push(`CAST(${c} AS FLOAT8)`);
  return out;
}

/** A tree's P(y = 1) as nested CASE over x0…, nodes as lib/models/cart.ts stores them. */
function treeCase(tree: { [key: string]: Json }, x: (j: number) => string): string {
  const feature = nums(tree['feature'], 'tree feature');
  const threshold = tree['threshold'] as (number | null)[];
  const left = nums(tree['left'], 'tree left');
  const right = nums(tree['right'], 'tree right');
  const weights = nums(tree['classWeights'], 'tree classWeights');
  const node = (k: number): string => {
    if (feature[k]! < 0) {
      const w = weights[2 * k]! + weights[2 * k + 1]!;
      return sqlNumber(w > 0 ? weights[2 * k + 1]! / w : 0);
    }
    return `CASE WHEN ${x(feature[k]!)} <= ${sqlNumber(threshold[k]!)} THEN ${node(left[k]!)} ELSE ${node(right[k]!)} END`;
  };
  return node(0);
}

/** libsvm's sigmoid_predict, clipped as lib/models/svc.ts does. */
function plattSvc(f: string, A: number, B: number): string {
  const t = `(${f} * ${sqlNumber(A)} + ${sqlNumber(B)})`;
  const p = `CASE WHEN ${t} >= 0 THEN ${safeExp(`-${t}`)} / (1 + ${safeExp(`-${t}`)}) ELSE 1 / (1 + exp(${t})) END`;
  return `LEAST(GREATEST(${p}, ${sqlNumber(1e-7)}), ${sqlNumber(1 - 1e-7)})`;
}

function sigmoid(z: string): string {
  return `CASE WHEN ${z} >= 0 THEN 1 / (1 + ${safeExp(`-${z}`)}) ELSE exp(${z}) / (1 + exp(${z})) END`;
}

/** What a model contributes: extra views (support vectors, training rows) and the SQL of its probability. */
interface ModelSql {
  /** Views to create before okc_proba. */
  views: string[];
  /** SELECT … FROM okc_features giving (id, p). */
  select: string;
  /**
   * For a model whose probability is an expression of one row (logistic, tree, forest, linear SVC, and
   * their calibrations): the expression over `f.x0…`, then one more per layer over the previous layer's
   * `b.p` (each calibration; in DuckDB also the logistic model's sigmoid over its linear form). Undefined
   * where it needs other rows (an RBF or polynomial SVC's support vectors, k-NN).
   */
  row?: string[];
}

function modelSql(ctx: Ctx, model: FittedNode, p: number, prefix: string, carry: readonly string[]): ModelSql {
  const x = (j: number) => `f.x${j}`;
  // The columns the segment rules read travel with each row (a join back to okc_checked would let
  // PostgreSQL's planner, which cannot estimate the rule filters, rescan the whole model per customer).
  const keep = (alias: string) => ['id', ...carry].map((c) => `${alias}.${c}`).join(', ');
  const linear = (w: number[], b: number) => {
    let z = sqlNumber(b);
    w.forEach((c, j) => (z = `${z} + ${x(j)} * ${sqlNumber(c)}`));
    return `(${z})`;
  };
  switch (model.kind) {
    case 'logistic': {
      const coef = nums(model.state['coef'], 'logistic coef');
      const z = linear(coef, model.state['intercept'] as number);
      const probability = sigmoid(z);
      // DuckDB evaluates each of the sigmoid's four uses of the linear form again; in layers (the linear
      // form, then the sigmoid of that column) it is computed once. Not in PostgreSQL, whose planner puts
      // the layers back together, and whose plans with the expression substituted ran out of memory.
      const row = ctx.dialect === 'duckdb' ? [z, sigmoid('b.p')] : [probability];
      return { views: [], select: `SELECT ${keep('f')}, ${probability} AS p FROM okc_features AS f`, row };
    }
    case 'tree': {
      const tree = model.state['tree'] as { [key: string]: Json };
      const probability = treeCase(tree, x);
      return { views: [], select: `SELECT ${keep('f')}, ${probability} AS p FROM okc_features AS f`, row: [probability] };
    }
    case 'forest': {
      const trees = model.state['trees'] as Array<{ [key: string]: Json }>;
      // Summed in tree order, then divided (as FittedRandomForest.predictProba accumulates).
      let sum = `(${treeCase(trees[0]!, x)})`;
      for (const tree of trees.slice(1)) sum = `${sum}\n    + (${treeCase(tree, x)})`;
      const probability = `(${sum}) / ${trees.length}`;
      return { views: [], select: `SELECT ${keep('f')}, ${probability} AS p FROM okc_features AS f`, row: [probability] };
    }
    case 'svc': {
      const s = model.state;
      const sv = nums(s['supportVectors'], 'svc supportVectors');
      const a = nums(s['dualCoef'], 'svc dualCoef');
      const b = s['intercept'] as number;
      const A = typeof s['probA'] === 'number' ? s['probA'] : NaN;
      const B = typeof s['probB'] === 'number' ? s['probB'] : NaN;
      const kernel = model.params['kernel'] as string;
      const gamma = s['gammaValue'] as number;
      const proba = (f: string) => (Number.isFinite(A) && Number.isFinite(B) ? plattSvc(f, A, B) : `1 / (1 + ${safeExp(`-(${f})`)})`);
      if (kernel === 'linear') {
        // SvmFunction collapses a linear kernel to w = Σ a_s sv_s, summed in this order.
        const w = new Array<number>(p).fill(0);
        for (let k = 0; k < a.length; k++) for (let j = 0; j < p; j++) w[j] += a[k]! * sv[k * p + j]!;
        let f = sqlNumber(b);
        w.forEach((c, j) => (f = `${f} + ${sqlNumber(c)} * ${x(j)}`));
        const probability = proba(`(${f})`);
        return { views: [], select: `SELECT ${keep('f')}, ${probability} AS p FROM okc_features AS f`, row: [probability] };
      }
      const rows = a.map((coef, k) => `(${k}, ${sqlNumber(coef)}, ${Array.from({ length: p }, (_, j) => sqlNumber(sv[k * p + j]!)).join(', ')})`);
      const svView = `CREATE OR REPLACE VIEW ${prefix}support_vectors AS
SELECT * FROM (VALUES
  ${rows.join(',\n  ')}
) AS t(sv, a, ${Array.from({ length: p }, (_, j) => `v${j}`).join(', ')});`;
      let kernelValue: string;
      if (kernel === 'rbf') {
        let d2 = `(${x(0)} - s.v0) * (${x(0)} - s.v0)`;
        for (let j = 1; j < p; j++) d2 = `${d2} + (${x(j)} - s.v${j}) * (${x(j)} - s.v${j})`;
        kernelValue = safeExp(`-${sqlNumber(gamma)} * (${d2})`);
      } else if (kernel === 'poly') {
        let dot = `${x(0)} * s.v0`;
        for (let j = 1; j < p; j++) dot = `${dot} + ${x(j)} * s.v${j}`;
        kernelValue = `power(${sqlNumber(gamma)} * (${dot}) + ${sqlNumber(model.params['coef0'] as number)}, ${sqlNumber(model.params['degree'] as number)})`;
      } else throw new SqlExportError(`SVC kernel '${kernel}' has no SQL form`);
      const decision = `${prefix}svc_decision`;
      const view = `CREATE OR REPLACE VIEW ${decision} AS
SELECT ${keep('f')}, ${sqlNumber(b)} + SUM(s.a * ${kernelValue}) AS f
FROM okc_features AS f CROSS JOIN ${prefix}support_vectors AS s GROUP BY ${keep('f')};`;
      return { views: [svView, view], select: `SELECT ${keep('d')}, ${proba('d.f')} AS p FROM ${decision} AS d` };
    }
    case 'knn': {
      const s = model.state;
      const X = nums(s['X'], 'knn X');
      const y = nums(s['y'], 'knn y');
      const k = model.params['k'] as number;
      const manhattan = model.params['metric'] === 'manhattan';
      const byDistance = model.params['weights'] === 'distance';
      const n = y.length;
      const rows = y.map((label, i) => `(${i}, ${label}, ${Array.from({ length: p }, (_, j) => sqlNumber(X[i * p + j]!)).join(', ')})`);
      const train = `CREATE OR REPLACE VIEW ${prefix}training_rows AS
SELECT * FROM (VALUES
  ${rows.join(',\n  ')}
) AS t(row_index, y, ${Array.from({ length: p }, (_, j) => `v${j}`).join(', ')});`;
      let d = manhattan ? `abs(${x(0)} - t.v0)` : `(${x(0)} - t.v0) * (${x(0)} - t.v0)`;
      for (let j = 1; j < p; j++) d = manhattan ? `${d} + abs(${x(j)} - t.v${j})` : `${d} + (${x(j)} - t.v${j}) * (${x(j)} - t.v${j})`;
      // Ties: the k smallest by (distance, training row), as scikit-learn's heap keeps the earlier row.
      const neighbours = `CREATE OR REPLACE VIEW ${prefix}neighbours AS
SELECT ${keep('ranked')}, y, d FROM (
  SELECT ${keep('f')}, t.y, ${d} AS d, ROW_NUMBER() OVER (PARTITION BY f.id ORDER BY ${d}, t.row_index) AS rank
  FROM okc_features AS f CROSS JOIN ${prefix}training_rows AS t
) AS ranked WHERE rank <= ${Math.min(k, n)};`;
      const dist = manhattan ? 'd' : 'sqrt(d)';
      const proba = byDistance
        ? `CASE WHEN MIN(d) = 0 THEN CAST(SUM(CASE WHEN d = 0 THEN y ELSE 0 END) AS FLOAT8) / SUM(CASE WHEN d = 0 THEN 1 ELSE 0 END)
    ELSE SUM(CASE WHEN d > 0 THEN y / ${dist} END) / SUM(CASE WHEN d > 0 THEN 1 / ${dist} END) END`
        : `CAST(SUM(y) AS FLOAT8) / COUNT(*)`;
      return { views: [train, neighbours], select: `SELECT ${keep('n')}, ${proba} AS p FROM ${prefix}neighbours AS n GROUP BY ${keep('n')}` };
    }
    case 'calibrated': {
      const base = modelSql(ctx, asNode(model.state['base'] as Json, 'calibrated base model'), p, `${prefix}base_`, carry);
      const cal = model.state['calibrator'] as { method: string; a?: number; b?: number; xThresholds?: number[]; yThresholds?: number[] };
      const s = 'b.p';
      let expr: string;
      if (cal.method === 'sigmoid') {
        const t = `(${sqlNumber(cal.a!)} * ${s} + ${sqlNumber(cal.b!)})`;
        expr = `CASE WHEN ${t} > 709 THEN CAST(0 AS FLOAT8) ELSE 1 / (1 + exp(${t})) END`;
      } else if (cal.method === 'isotonic') {
        const xs = cal.xThresholds!;
        const ys = cal.yThresholds!;
        const m = xs.length;
        if (m === 1) expr = sqlNumber(ys[0]!);
        else {
          const parts = [`WHEN ${s} <= ${sqlNumber(xs[0]!)} THEN ${sqlNumber(ys[0]!)}`, `WHEN ${s} >= ${sqlNumber(xs[m - 1]!)} THEN ${sqlNumber(ys[m - 1]!)}`];
          for (let lo = 0; lo < m - 1; lo++) {
            // The same double operations as IsotonicCalibrator.transform: the slope computed once, then slope·(s − x_lo) + y_lo.
            const slope = (ys[lo + 1]! - ys[lo]!) / (xs[lo + 1]! - xs[lo]!);
            parts.push(`WHEN ${s} < ${sqlNumber(xs[lo + 1]!)} THEN ${sqlNumber(slope)} * (${s} - ${sqlNumber(xs[lo]!)}) + ${sqlNumber(ys[lo]!)}`);
          }
          expr = `CASE ${parts.join('\n    ')} END`;
        }
      } else throw new SqlExportError(`calibration method '${cal.method}' has no SQL form`);
      const baseView = `CREATE OR REPLACE VIEW ${prefix}base_proba AS\n${base.select};`;
      return { views: [...base.views, baseView], select: `SELECT ${keep('b')}, ${expr} AS p FROM ${prefix}base_proba AS b`, row: base.row ? [...base.row, expr] : undefined };
    }
    default:
      throw new SqlExportError(`model kind '${model.kind}' has no SQL form (SQL covers logistic, tree, forest, svc, knn and calibrated)`);
  }
}

function segmentCase(rules: SegmentRule[], numericFeatures: ReadonlySet<string>): string {
  const field = (name: string) => {
    if (name === 'dropProbability') return 'q.p';
    if (name === 'profit') return 'q.profit';
    if (name === 'expectedLoss') return '(q.profit * q.p)';
    if (numericFeatures.has(name)) return `q.${name}`;
    throw new SqlExportError(`segment rule field '${name}' is neither dropProbability, profit, expectedLoss nor a numeric feature`);
  };
  if (rules.length === 0) return `'other'`;
  return `CASE ${rules.map((r) => `WHEN ${r.conditions.map((c) => `${field(c.field)} ${c.op} ${sqlNumber(c.value)}`).join(' AND ') || 'TRUE'} THEN ${sqlString(r.name)}`).join('\n    ')} ELSE 'other' END`;
}

/** The model matrix's columns x0… as a select list, from the column transformer's expressions. */
function featureColumns(features: string[]): string {
  return features.map((e, j) => `${e} AS x${j}`).join(',\n  ');
}

/**
 * okc_outcome (id, id_text, rule, reason, file, p, segment): every checked customer with its broken rule, or
 * its probability and segment, in layers over okc_checked (the features; the model; each calibration; the
 * segment). The probability is computed only where no rule is broken, and the id's text is kept only for
 * the rejected (the scores print the id itself).
 */
function outcomeView(ctx: Ctx, features: string[], row: string[], carry: readonly string[], segment: string): string {
  const columns = ['id', 'id_text', 'rule', 'reason', 'file', ...carry];
  let layer = `SELECT ${columns.map((c) => (c === 'id_text' ? 'CASE WHEN c.rule IS NOT NULL THEN c.id_text END AS id_text' : `c.${c}`)).join(', ')},
  ${featureColumns(features)}
FROM okc_checked AS c`;
  row.forEach((expr, k) => {
    const alias = k === 0 ? 'f' : 'b';
    layer = `SELECT ${columns.map((c) => `${alias}.${c}`).join(', ')}, CASE WHEN ${alias}.rule IS NULL THEN ${expr} END AS p
FROM (${layer}) AS ${alias}`;
  });
  return `${createView(ctx, 'okc_outcome')}
SELECT q.id, q.id_text, q.rule, q.reason, q.file, q.p, CASE WHEN q.rule IS NULL THEN ${segment} END AS segment
FROM (${layer}) AS q;`;
}

/** Checks that a parsed model file is one this library writes (format and schema version). */
export function checkModelForSql(model: ModelFile, where = 'the model file'): void {
  if (model.format !== MODEL_FILE_FORMAT) throw new ModelFileError(`${where} is not a model file of this study (format ${JSON.stringify(model.format)})`);
  if (model.schemaVersion !== MODEL_SCHEMA_VERSION) {
    throw new ModelFileError(`${where} has schema version ${JSON.stringify(model.schemaVersion)}, but this library writes SQL for version ${MODEL_SCHEMA_VERSION}: retrain the model with this version`, 'MODEL_SCHEMA_VERSION');
  }
}

/**
 * The scoring script: views from the four tables to `okc_scores (id, dropProbability, segment)` and
 * `okc_rejects (id, file, rule, reason)`.
 * @example fs.writeFileSync('score.sql', scoringSql(readModelFile('models/model.json').file, {dialect: 'postgres'}))
 */
export function scoringSql(model: ModelFile, options: ScoringSqlOptions): string {
  sqlDialectOf(options.dialect);
  checkModelForSql(model);
  const ctx: Ctx = { dialect: options.dialect, materialize: options.materialize ?? false };
  const pipeline = asNode(model.pipeline, 'pipeline');
  const state = pipeline.state as { prep: Json; model: Json };
  const prep = asNode(state.prep, 'preprocessor');
  const features = featureExpressions(prep);
  const segmentRules = model.segments.rules as unknown as SegmentRule[];
  const numeric = new Set<string>(NUMERIC_FEATURES);
  const carry = ['profit', ...new Set(segmentRules.flatMap((r) => r.conditions.map((c) => c.field)).filter((f) => numeric.has(f)))];
  const fitted = modelSql(ctx, asNode(state.model, 'model'), features.length, 'okc_', carry);
  const header = `-- Scoring of the «В один клик» activity model (${model.family}, ${model.checksum}) as ${options.dialect} SQL.
-- Generated by lib/sql/score-sql.ts from the model file; query okc_scores and okc_rejects.`;
  const segment = segmentCase(segmentRules, numeric);
  // A model of one row at a time is computed in the same pass as the rules: okc_outcome holds every
  // customer's rule or probability and segment, the one table a materialised script stores (okc_checked
  // stays a view, read once); scores and rejects are its two halves. Other models read okc_checked twice
  // (their support vectors or training rows are joined to the features), so there okc_checked is stored,
  // and okc_scores too: the scores are read for the file and again for the segment counts.
  const row = fitted.row;
  const outcome = row ? outcomeView(ctx, features, row, carry, segment) : null;
  const statements = [
    header,
    customersView(ctx, options),
    sideView(ctx, options, 'revenue'),
    sideView(ctx, options, 'minutes'),
    sideView(ctx, options, 'profit'),
    pivotView('revenue'),
    pivotView('minutes'),
    pivotView('profit'),
    duplicateViews(ctx),
    checkedView(row ? { ...ctx, materialize: false } : ctx, model),
    `CREATE OR REPLACE VIEW okc_features AS
SELECT ${['id', ...carry].map((c) => `c.${c}`).join(', ')},
  ${featureColumns(features)}
FROM okc_checked AS c WHERE c.rule IS NULL;`,
    ...fitted.views,
    `CREATE OR REPLACE VIEW okc_proba AS\n${fitted.select};`,
    ...(outcome
      ? [outcome, `CREATE OR REPLACE VIEW okc_scores AS\nSELECT id, p AS "dropProbability", segment FROM okc_outcome WHERE rule IS NULL;`]
      : [`${createView(ctx, 'okc_scores')}
SELECT q.id, q.p AS "dropProbability",
  ${segment} AS segment
FROM okc_proba AS q;`]),
    rejectsView(outcome ? 'okc_outcome' : 'okc_checked'),
  ];
  return statements.join('\n\n') + '\n';
}
