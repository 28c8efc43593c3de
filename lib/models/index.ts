/**
 * The models' public face: re-exports every model class and builds classifiers from specs or saved JSON
 * through the registry (lib/models/registry.ts), keyed by kind. Importing this module registers every
 * model kind, so a pipeline spec naming 'logistic' or 'forest' can be rebuilt anywhere (worker threads too).
 */
import type { Classifier, EstimatorSpec, FittedClassifier, FittedJson, Params } from '../core/types';
import { createRegisteredClassifier, loadRegisteredClassifier, registerClassifier } from './registry';
import { LogisticRegression } from './logistic';
import { KNeighborsClassifier } from './knn';
import { DecisionTreeClassifier } from './tree';
import { RandomForestClassifier } from './forest';
import { SVC } from './svc';
import { MlLogisticBaseline } from './ml-logistic-baseline';
import './calibrated';

export { registerClassifier, hasClassifier, registeredKinds, checkClassifierSpec } from './registry';
export { CLASSIFIER_PARAMS } from './param-schemas';
export type { ClassifierEntry } from './registry';
export * from './logistic';
export * from './knn';
export * from './tree';
export * from './forest';
export * from './svc';
export * from './ml-logistic-baseline';
export * from './calibrated';

/** A class with the shape every model file exports: a params constructor and a static loader. */
interface ModelClass {
  new (params?: Partial<Params>): Classifier;
  load(json: FittedJson): FittedClassifier;
}

function register(kind: string, model: ModelClass): void {
  registerClassifier(kind, { create: (params) => new model(params), load: (json) => model.load(json) });
}

register('logistic', LogisticRegression as unknown as ModelClass);
register('knn', KNeighborsClassifier as unknown as ModelClass);
register('tree', DecisionTreeClassifier as unknown as ModelClass);
register('forest', RandomForestClassifier as unknown as ModelClass);
register('svc', SVC as unknown as ModelClass);
register('ml-logistic', MlLogisticBaseline as unknown as ModelClass);

/** An unfitted classifier from `{kind, params}` (e.g. `{kind: 'logistic', params: {C: 0.5}}`). */
export function createClassifier(spec: EstimatorSpec): Classifier {
  return createRegisteredClassifier(spec);
}

/** A fitted classifier restored from its `toJSON()` output. */
export function loadClassifier(json: FittedJson): FittedClassifier {
  return loadRegisteredClassifier(json);
}
