/**
 * The classifier registry: every model kind maps to a factory and a loader, so an {@link EstimatorSpec}
 * (plain JSON, e.g. sent to a search worker) or a saved {@link FittedJson} can be turned back into a model
 * without the caller importing the model's file.
 */
import { InvalidParameterError } from '../core/errors';
import { validateParams } from '../core/params';
import type { Classifier, EstimatorSpec, FittedClassifier, FittedJson, Params } from '../core/types';
import { CLASSIFIER_PARAMS } from './param-schemas';

/** How to build an unfitted classifier of one kind and how to restore a fitted one. */
export interface ClassifierEntry {
  /** An unfitted classifier from (partial) hyperparameters; defaults fill the rest. */
  create(params: Params): Classifier;
  /** A fitted classifier from its `toJSON()` output, predicting identically. */
  load(json: FittedJson): FittedClassifier;
}

const entries = new Map<string, ClassifierEntry>();

/** Registers (or replaces) the factory and loader of one classifier kind. */
export function registerClassifier(kind: string, entry: ClassifierEntry): void {
  entries.set(kind, entry);
}

/** True when a kind has been registered. */
export function hasClassifier(kind: string): boolean {
  return entries.has(kind);
}

/** The registered kinds, in registration order. */
export function registeredKinds(): string[] {
  return [...entries.keys()];
}

function entryOf(kind: string, what: string): ClassifierEntry {
  const entry = entries.get(kind);
  if (!entry) {
    const known = registeredKinds();
    throw new Error(
      `${what}: no classifier of kind '${kind}' is registered (known: ${known.length ? known.join(', ') : 'none'}); ` +
        `import lib/models (or register the kind with registerClassifier) first`,
    );
  }
  return entry;
}

/** An unfitted classifier from its spec, through the registry; its parameters are checked first ({@link checkClassifierSpec}). */
export function createRegisteredClassifier(spec: EstimatorSpec): Classifier {
  const entry = entryOf(spec.kind, 'createClassifier');
  checkClassifierSpec(spec);
  return entry.create(spec.params);
}

/**
 * Refuses a classifier spec whose parameters the kind does not declare, or whose values it does not accept
 * (lib/models/param-schemas.ts); a calibrated spec's base model is checked too. `prefix` names the parameters
 * in messages as a pipeline path names them (`model.`).
 * @example checkClassifierSpec({ kind: 'forest', params: { nEstimator: 5 } }) // InvalidParameterError: did you mean 'nEstimators'?
 */
export function checkClassifierSpec(spec: EstimatorSpec, prefix = ''): void {
  const schema = CLASSIFIER_PARAMS[spec.kind];
  if (!schema) return; // a kind registered by a caller declares no schema: nothing to check against
  if (typeof spec.params !== 'object' || spec.params === null || Array.isArray(spec.params)) {
    throw new InvalidParameterError(`${spec.kind}: params must be an object of hyperparameters; got ${JSON.stringify(spec.params)}`, spec.kind, `${prefix}params`);
  }
  validateParams(spec.kind, spec.params, schema, prefix);
  const base = spec.params['base'];
  if (spec.kind === 'calibrated' && base !== undefined) checkClassifierSpec(base as unknown as EstimatorSpec, `${prefix}base.`);
}

/** A fitted classifier from its JSON, through the registry. */
export function loadRegisteredClassifier(json: FittedJson): FittedClassifier {
  return entryOf(json.kind, 'loadClassifier').load(json);
}
