/**
 * The model file (models/model.json): the fitted pipeline plus everything a scorer needs to trust and use
 * it — a format name and schema version, the training data's fingerprint, the feature schema, the cleaning
 * settings scoring must repeat, the metrics, and the segment thresholds — sealed by a sha256 checksum of
 * its content. The same model gives the same bytes (canonical JSON, no timestamps), so two runs of the
 * study with one seed write identical files.
 */
import { StudyError } from './core/errors';
import * as fs from 'node:fs';
import type { FittedJson, Frame, Json } from './core/types';
import { FEATURE_KINDS, FEATURES, type FeatureKind } from './data/model-table';
import { canonicalJson, sha256Hex } from './io/fingerprint';
import { writeFileAtomic } from './io/atomic';
import { FittedPipeline } from './preprocess/pipeline';
import './models/index';

/** The format name every model file carries. */
export const MODEL_FILE_FORMAT = 'odin-klik-activity-model';
/** The schema version this library writes and reads; files of another version are refused. */
export const MODEL_SCHEMA_VERSION = 1;

/** A model file that cannot be used: unreadable, corrupted, from another schema, or not matching the data. */
export class ModelFileError extends StudyError {
  constructor(message: string, code: 'MODEL_FILE' | 'MODEL_CHECKSUM' | 'MODEL_SCHEMA_VERSION' = 'MODEL_FILE', path?: string) {
    super(message, code, path);
  }
}

/** One feature the model expects: its name, kind, and the values seen in training. */
export interface FeatureSpec {
  [key: string]: Json;
  name: string;
  kind: FeatureKind;
  /** Categorical/ordinal: the categories seen in training (sorted). */
  categories: string[] | null;
  /** Numeric: the smallest and largest values seen in training. */
  min: number | null;
  max: number | null;
}

/**
 * How scoring puts customers into segments: lib/segment's rules (conditions on dropProbability, profit,
 * expectedLoss or a numeric feature, first match wins, else 'other') with the thresholds they were built
 * from, as the study chose them on its training data.
 */
export interface SegmentSpec {
  [key: string]: Json;
  /** The rules in priority order (lib/segment's SegmentRule as JSON). */
  rules: Json[];
  /** The thresholds the default rules were built from (for display), or null. */
  thresholds: { [name: string]: Json } | null;
}

/** The content of a model file (everything except the checksum). */
export interface ModelFileBody {
  [key: string]: Json;
  format: string;
  schemaVersion: number;
  /** The model family and its chosen hyperparameters by path. */
  family: string;
  params: { [path: string]: Json };
  /**
   * The data that trained it: `fingerprint` = sha256 of the rows the pipeline was fitted on (the training
   * part), `tableFingerprint` = sha256 of the whole modelling table they were split from, rows and positives.
   */
  trainingData: { fingerprint: string; tableFingerprint: string; rows: number; positives: number; source: string };
  /** The features the pipeline reads, in order, with what training saw. */
  features: FeatureSpec[];
  /** Cleaning rules that scoring repeats. */
  cleaning: { extremeRevenueBound: number };
  /** Quality: mean CV ROC-AUC (and std) of the chosen candidate, test ROC-AUC, and more. */
  metrics: { [name: string]: Json };
  segments: SegmentSpec;
  /** The fitted pipeline, as `FittedPipeline.toJSON()`. */
  pipeline: Json;
  /**
   * Which personal data of the training customers the file holds: a k-NN pipeline stores every training
   * customer's (preprocessed) feature row and label; other models hold only fitted parameters. Customer ids and
   * profit are never stored.
   */
  personalData: { trainingRows: number; fields: string[]; why: string } | null;
  /**
   * What scoring needs for reasons and personal offers (lib/offers/scoring.ts OffersSpec: the catalogue and its
   * version, the reason explainer's state, the categories per segment, the horizon and the default budget);
   * null (or absent, in files of earlier builds) for a model file written without the offers stage.
   */
  offers: Json;
}

/** A model file as stored: the body plus `checksum` = sha256 of the body's canonical JSON. */
export interface ModelFile extends ModelFileBody {
  checksum: string;
}

/** A model file read and checked, with its pipeline restored. */
export interface LoadedModel {
  readonly file: ModelFile;
  readonly pipeline: FittedPipeline;
}

/** The checksum of a body: `sha256:` and the hex digest of its canonical JSON. */
export function modelChecksum(body: ModelFileBody): string {
  const { checksum: _ignored, ...rest } = body as ModelFileBody & { checksum?: string };
  return `sha256:${sha256Hex(canonicalJson(rest))}`;
}

/** The feature schema of a training frame: kinds from FEATURE_KINDS, categories and numeric ranges seen. */
export function featureSchemaOf(frame: Frame, names: readonly string[] = FEATURES): FeatureSpec[] {
  return names.map((name) => {
    const column = frame.columns[name];
    if (column === undefined) throw new ModelFileError(`the training frame has no column '${name}'`);
    const kind = FEATURE_KINDS[name as keyof typeof FEATURE_KINDS] ?? 'numeric';
    if (column instanceof Float64Array) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of column) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { name, kind, categories: null, min: Number.isFinite(min) ? min : null, max: Number.isFinite(max) ? max : null };
    }
    return { name, kind, categories: [...new Set(column)].sort(), min: null, max: null };
  });
}

/** What {@link createModelFile} seals: everything but format, version and checksum; the fitted pipeline itself. */
export interface ModelFileParts {
  family: string;
  params: ModelFileBody['params'];
  trainingData: ModelFileBody['trainingData'];
  features: FeatureSpec[];
  cleaning: ModelFileBody['cleaning'];
  metrics: ModelFileBody['metrics'];
  segments: SegmentSpec;
  pipeline: FittedPipeline;
  /** The offers stage's scoring state (lib/offers/scoring.ts offersSpecOf), if any. */
  offers?: Json;
}

/** What a fitted pipeline keeps of its training customers (see {@link ModelFileBody.personalData}). */
export function personalDataOf(pipeline: FittedPipeline, rows: number, features: string[]): { trainingRows: number; fields: string[]; why: string } | null {
  const kinds: string[] = [];
  const walk = (spec: Json): void => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return;
    if (typeof spec['kind'] === 'string') kinds.push(spec['kind']);
    const params = spec['params'];
    if (params && typeof params === 'object' && !Array.isArray(params)) walk((params as { [k: string]: Json })['base'] ?? null);
  };
  walk(pipeline.spec.model as unknown as Json);
  if (!kinds.includes('knn')) return null;
  return { trainingRows: rows, fields: [...features, 'target'], why: 'k-NN predicts from the training customers themselves: their preprocessed feature rows and labels are the fitted state' };
}

/** Builds a sealed model file from its parts. */
export function createModelFile(parts: ModelFileParts): ModelFile {
  const body: ModelFileBody = {
    ...parts,
    format: MODEL_FILE_FORMAT,
    schemaVersion: MODEL_SCHEMA_VERSION,
    pipeline: parts.pipeline.toJSON() as unknown as Json,
    personalData: personalDataOf(parts.pipeline, parts.trainingData.rows, parts.features.map((f) => f.name)),
    offers: parts.offers ?? null,
  };
  // A JSON round trip drops undefined fields and turns typed arrays into plain ones, so the checksum is of
  // exactly what a reader will parse.
  const plain = JSON.parse(JSON.stringify(body)) as ModelFileBody;
  return { ...plain, checksum: modelChecksum(plain) };
}

/** The text of a model file: canonical JSON (sorted keys), two-space indent, final newline. */
export function serializeModelFile(file: ModelFile): string {
  return canonicalJson(file, 2) + '\n';
}

/** Writes a model file atomically. */
export function writeModelFile(path: string, file: ModelFile): void {
  writeFileAtomic(path, serializeModelFile(file));
}

/**
 * Checks a parsed model file: format, schema version, checksum, features, then restores the pipeline.
 * Throws {@link ModelFileError} with a message saying what is wrong and what to do.
 */
export function parseModelFile(text: string, where = 'model file'): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${where} is not valid JSON (${error instanceof Error ? error.message : String(error)}): the file is corrupted or not a model file`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ModelFileError(`${where} is not a model file (expected a JSON object)`);
  const file = json as Partial<ModelFile>;
  if (file.format !== MODEL_FILE_FORMAT) {
    throw new ModelFileError(`${where} is not a model file of this study (format ${JSON.stringify(file.format ?? null)}, expected "${MODEL_FILE_FORMAT}")`);
  }
  if (file.schemaVersion !== MODEL_SCHEMA_VERSION) {
    throw new ModelFileError(
      `${where} has schema version ${JSON.stringify(file.schemaVersion ?? null)}, but this library reads version ${MODEL_SCHEMA_VERSION}: retrain the model with this version`,
      'MODEL_SCHEMA_VERSION',
    );
  }
  if (typeof file.checksum !== 'string') throw new ModelFileError(`${where} has no checksum: the file is corrupted`);
  const actual = modelChecksum(file as ModelFileBody);
  if (actual !== file.checksum) {
    throw new ModelFileError(`${where}: checksum mismatch (stored ${file.checksum}, content gives ${actual}): the file was changed or corrupted; retrain the model`, 'MODEL_CHECKSUM');
  }
  if (!Array.isArray(file.features) || file.features.length === 0) throw new ModelFileError(`${where} lists no features`);
  let pipeline: FittedPipeline;
  try {
    pipeline = FittedPipeline.load(file.pipeline as unknown as FittedJson);
  } catch (error) {
    throw new ModelFileError(`${where}: the pipeline cannot be restored (${error instanceof Error ? error.message : String(error)})`);
  }
  return { file: file as ModelFile, pipeline };
}

/**
 * Reads and checks a model file from disk.
 * @example const { file, pipeline } = readModelFile('models/model.json'); file.metrics.testRocAuc
 */
export function readModelFile(path: string): LoadedModel {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFileError(code === 'ENOENT' ? `model file ${path} does not exist` : `cannot read model file ${path}: ${(error as Error).message}`, 'MODEL_FILE', path);
  }
  return parseModelFile(text, `model file ${path}`);
}

/**
 * Checks that data columns can feed the model: every feature the model needs is present. Throws a
 * {@link ModelFileError} naming the missing ones (the data and the model do not match).
 */
export function checkColumnsMatchModel(model: ModelFile, columns: readonly string[], where: string): void {
  const have = new Set(columns);
  const missing = model.features.filter((f) => !have.has(f.name)).map((f) => f.name);
  if (missing.length > 0) {
    throw new ModelFileError(`${where} does not match the model: it lacks the feature${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that the model was trained on`);
  }
}
