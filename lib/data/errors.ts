/**
 * The error every reader and validator of the store's files throws: it names the file, the line, the column,
 * what was expected and what was found, so a user can open the file and fix the value.
 */
import { StudyError } from '../core/errors';

/**
 * Where and what went wrong in an input file. `line` is the 1-based physical line (the header is line 1) of
 * `file`, or of `listedIn` when that is set.
 */
export interface DataProblem {
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly expected: string;
  /** The offending value as text, or a description of what was found when `foundIsValue` is false. */
  readonly found: string;
  readonly foundIsValue?: boolean;
  /**
   * Set when rows are missing from `file`: a missing row has no line of its own, so `line` is then the line of
   * the customer in this file (market_file.csv), the row the user compares against.
   */
  readonly listedIn?: string;
}

/**
 * An input file breaks the schema. The message reads like
 * `market_file.csv, line 17, column «Длительность»: expected a whole number, found "abc"`, or for a row missing
 * from a file, `money.csv, column «id»: expected a row for customer 2 (listed in market_file.csv, line 3), found none`.
 */
export class DataValidationError extends StudyError {
  readonly file: string;
  /** The line in `file`, or in {@link DataValidationError.listedIn} when that is set. */
  readonly line: number | null;
  readonly column: string | null;
  readonly expected: string;
  readonly found: string;
  /** The file `line` counts in when the problem is a row missing from `file` (see {@link DataProblem.listedIn}). */
  readonly listedIn: string | null;

  constructor(problem: DataProblem) {
    super(formatProblem(problem), problem.found === 'no such file' ? 'DATA_NOT_FOUND' : 'DATA_VALIDATION', problem.file);
    this.file = problem.file;
    this.line = problem.line;
    this.column = problem.column;
    this.expected = problem.expected;
    this.found = problem.found;
    this.listedIn = problem.listedIn ?? null;
  }
}

/** The message of a {@link DataProblem}: file, line, column, then what was expected and found. */
export function formatProblem(p: DataProblem): string {
  const lineInFile = p.listedIn === undefined || p.listedIn === p.file;
  let where = p.file;
  if (p.line !== null && lineInFile) where += `, line ${p.line}`;
  if (p.column !== null) where += `, column «${p.column}»`;
  const listed = p.line !== null && !lineInFile ? ` (listed in ${p.listedIn}, line ${p.line})` : '';
  const found = p.foundIsValue === false ? p.found : p.found === '' ? 'an empty value' : JSON.stringify(p.found);
  return `${where}: expected ${p.expected}${listed}, found ${found}`;
}
