/**
 * The library's errors carry a `code` a caller can branch on (and the file they concern, where there is one),
 * so a script importing lib/ tells a bad parameter from bad data or a damaged model file without parsing
 * messages.
 */

/** The error codes of the library (README lists them with their meaning). */
export type StudyErrorCode =
  | 'INVALID_PARAMETER'
  | 'DATA_VALIDATION'
  | 'DATA_NOT_FOUND'
  | 'MODEL_FILE'
  | 'MODEL_CHECKSUM'
  | 'MODEL_SCHEMA_VERSION'
  | 'SCORE_INPUT'
  | 'SQL_EXPORT'
  | 'OFFER_CATALOGUE'
  | 'USAGE';

/** Base class of the library's errors: a message naming what and where, a `code`, and the `path` when a file is concerned. */
export class StudyError extends Error {
  constructor(
    message: string,
    /** What kind of problem (see {@link StudyErrorCode}). */
    readonly code: StudyErrorCode,
    /** The file concerned, when there is one. */
    readonly path?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A hyperparameter, setting or parameter path the estimator does not have, or a value of the wrong type or
 * out of range: names the estimator, the parameter and the valid names or range (scikit-learn's
 * `InvalidParameterError` of `set_params` / `_validate_params`).
 */
export class InvalidParameterError extends StudyError {
  constructor(
    message: string,
    /** The estimator or setting whose parameter was refused (e.g. 'forest', 'segment thresholds'). */
    readonly estimator: string,
    /** The parameter's name or path. */
    readonly parameter: string,
  ) {
    super(message, 'INVALID_PARAMETER');
  }
}
