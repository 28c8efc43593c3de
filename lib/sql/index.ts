/** The scorer as SQL: the model file written as views for DuckDB or PostgreSQL, and the embedded DuckDB engine. */
export { scoringSql, sqlDialectOf, requiredColumns, checkModelForSql, SqlExportError, SQL_DIALECTS, SQL_TABLE_NAMES } from './score-sql';
export type { SqlDialect, SqlSource, ScoringSqlOptions } from './score-sql';
export { scoreWithDuckDb, checkTableColumns } from './engines';
export type { DuckDbScoreOptions } from './engines';
