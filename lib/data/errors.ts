/**
 * The error every reader and validator of the store's files throws: it names the file, the line, the column,
 * what was expected and what was found, so a user can open the file and fix the value.
 */

/** Where and what went wrong in an input file. `line` is the 1-based physical line (the header is line 1). */
export interface DataProblem {
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly expected: string;
  /** The offending value as text, or a description of what was found when `foundIsValue` is false. */
  readonly found: string;
  readonly foundIsValue?: boolean;
}

/**
 * An input file breaks the schema. The message reads like
 * `market_file.csv, line 17, column «Длительность»: expected a whole number, found "abc"`.
 */
export class DataValidationError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly expected: string;
  readonly found: string;

  constructor(problem: DataProblem) {
    super(formatProblem(problem));
    this.name = 'DataValidationError';
    this.file = problem.file;
    this.line = problem.line;
    this.column = problem.column;
    this.expected = problem.expected;
    this.found = problem.found;
  }
}

/** The message of a {@link DataProblem}: file, line, column, then what was expected and found. */
export function formatProblem(p: DataProblem): string {
  let where = p.file;
  if (p.line !== null) where += `, line ${p.line}`;
  if (p.column !== null) where += `, column «${p.column}»`;
  const found = p.foundIsValue === false ? p.found : p.found === '' ? 'an empty value' : JSON.stringify(p.found);
  return `${where}: expected ${p.expected}, found ${found}`;
}
