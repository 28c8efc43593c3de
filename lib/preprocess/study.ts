/**
 * The study's preprocessing: numeric features → a scaler (the search's choice), categorical → one-hot with
 * the first category dropped, the service type → ordinal (стандарт < премиум), as FEATURE_KINDS says.
 */
import type { EstimatorSpec } from '../core/types';
import { FEATURE_KINDS, FEATURES, SERVICE_TYPE_ORDER } from '../data/model-table';
import { ColumnTransformer, type ColumnTransformerParams } from './column-transformer';
import type { PipelineSpec } from './pipeline';
import { scalerSpec, type ScalerChoice } from './transformers';

/** Options of {@link studyPreprocessor}. */
export interface StudyPreprocessorOptions {
  /** How numeric features are scaled (default 'standard'). */
  scaler?: ScalerChoice;
  /** The features to use (default: all of FEATURES). */
  features?: readonly string[];
}

/** The study's column transformer params: routes 'scaler', 'onehot', 'ordinal'. */
export function studyPreprocessorParams(options: StudyPreprocessorOptions = {}): ColumnTransformerParams {
  const features = options.features ?? FEATURES;
  const kindOf = (f: string) => FEATURE_KINDS[f as keyof typeof FEATURE_KINDS] ?? 'numeric';
  const numeric = features.filter((f) => kindOf(f) === 'numeric');
  const categorical = features.filter((f) => kindOf(f) === 'categorical');
  const ordinal = features.filter((f) => kindOf(f) === 'ordinal');
  const order: { [column: string]: string[] } = {};
  for (const f of ordinal) if (f === 'serviceType') order[f] = [...SERVICE_TYPE_ORDER];
  return {
    routes: [
      { name: 'scaler', transformer: scalerSpec(options.scaler ?? 'standard') as never, columns: [...numeric] },
      { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: [...categorical] },
      { name: 'ordinal', transformer: { kind: 'ordinal', params: { categories: order, unknownValue: null } }, columns: [...ordinal] },
    ],
    remainder: 'drop',
  };
}

/** The study's unfitted column transformer. */
export function studyPreprocessor(options: StudyPreprocessorOptions = {}): ColumnTransformer {
  return new ColumnTransformer(studyPreprocessorParams(options));
}

/** A pipeline spec of the study's preprocessing and the given classifier. */
export function studyPipelineSpec(model: EstimatorSpec, options: StudyPreprocessorOptions = {}): PipelineSpec {
  return { prep: studyPreprocessorParams(options), model: JSON.parse(JSON.stringify(model)) as PipelineSpec['model'] };
}
