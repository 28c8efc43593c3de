/**
 * The models' public face: re-exports every model class and builds classifiers from specs or saved JSON
 * through the registry (lib/models/registry.ts), keyed by kind.
 */
import type { Classifier, EstimatorSpec, FittedClassifier, FittedJson } from '../core/types';
import { createRegisteredClassifier, loadRegisteredClassifier } from './registry';

export { registerClassifier, hasClassifier, registeredKinds } from './registry';
export type { ClassifierEntry } from './registry';

/** An unfitted classifier from `{kind, params}` (e.g. `{kind: 'logistic', params: {C: 0.5}}`). */
export function createClassifier(spec: EstimatorSpec): Classifier {
  return createRegisteredClassifier(spec);
}

/** A fitted classifier restored from its `toJSON()` output. */
export function loadClassifier(json: FittedJson): FittedClassifier {
  return loadRegisteredClassifier(json);
}
