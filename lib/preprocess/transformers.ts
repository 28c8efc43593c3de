/**
 * Column transformers by kind: builds an unfitted transformer from its JSON spec and restores a fitted one,
 * so a ColumnTransformer (and a whole pipeline) is plain JSON that a worker thread can rebuild.
 */
import { InvalidParameterError } from '../core/errors';
import { unknownNameMessage, validateParams } from '../core/params';
import type { EstimatorSpec, FittedJson, FittedTransformer, Frame, Params, Transformer } from '../core/types';
import { TRANSFORMER_PARAMS } from './param-schemas';
import { FittedOneHotEncoder, OneHotEncoder, type OneHotParams } from './one-hot';
import { FittedOrdinalEncoder, OrdinalEncoder, type OrdinalParams } from './ordinal';
import { FittedScaler, MinMaxScaler, Passthrough, StandardScaler } from './scalers';

/** A transformer that reads some columns of a Frame and writes matrix columns. */
export type FrameTransformer = Transformer<Frame, Params>;
/** Its fitted form. */
export type FittedFrameTransformer = FittedTransformer<Frame, Params>;

/** The scaler choice of a search, by short name. */
export type ScalerChoice = 'standard' | 'minmax' | 'none';

/** The scaler choices, in the order the study lists them. */
export const SCALER_CHOICES: readonly ScalerChoice[] = ['standard', 'minmax', 'none'];

/** The transformer spec of a scaler choice ('none' = passthrough). */
export function scalerSpec(choice: ScalerChoice | string): EstimatorSpec {
  switch (choice) {
    case 'standard':
      return { kind: 'standard-scaler', params: {} };
    case 'minmax':
      return { kind: 'minmax-scaler', params: {} };
    case 'none':
    case 'passthrough':
      return { kind: 'passthrough', params: {} };
    default:
      throw new Error(`scalerSpec: unknown scaler '${choice}' (expected standard, minmax or none)`);
  }
}

/** The short scaler name of a transformer spec, or null if it is not a scaler. */
export function scalerChoiceOf(spec: EstimatorSpec): ScalerChoice | null {
  if (spec.kind === 'standard-scaler') return 'standard';
  if (spec.kind === 'minmax-scaler') return 'minmax';
  if (spec.kind === 'passthrough') return 'none';
  return null;
}

/**
 * Refuses a transformer spec of an unknown kind, or with a parameter the kind does not declare or a value it does
 * not accept (lib/preprocess/param-schemas.ts). `prefix` names the parameters as a pipeline path does.
 */
export function checkTransformerSpec(spec: EstimatorSpec, prefix = ''): void {
  const schema = TRANSFORMER_PARAMS[spec.kind];
  if (!schema) throw new InvalidParameterError(unknownNameMessage('createTransformer', 'transformer kind', spec.kind, Object.keys(TRANSFORMER_PARAMS)), 'transformer', `${prefix}kind`);
  validateParams(spec.kind, spec.params ?? {}, schema, prefix);
}

/** An unfitted transformer from `{kind, params}`. */
export function createTransformer(spec: EstimatorSpec): FrameTransformer {
  checkTransformerSpec(spec);
  switch (spec.kind) {
    case 'one-hot':
      return new OneHotEncoder(spec.params as Partial<OneHotParams>) as unknown as FrameTransformer;
    case 'ordinal':
      return new OrdinalEncoder(spec.params as Partial<OrdinalParams>) as unknown as FrameTransformer;
    case 'standard-scaler':
      return new StandardScaler();
    case 'minmax-scaler':
      return new MinMaxScaler();
    case 'passthrough':
      return new Passthrough();
    default:
      throw new Error(`createTransformer: unknown transformer kind '${spec.kind}' (expected one-hot, ordinal, standard-scaler, minmax-scaler, passthrough)`);
  }
}

/** A fitted transformer from its `toJSON()` output. */
export function loadTransformer(json: FittedJson): FittedFrameTransformer {
  switch (json.kind) {
    case 'one-hot':
      return FittedOneHotEncoder.load(json) as unknown as FittedFrameTransformer;
    case 'ordinal':
      return FittedOrdinalEncoder.load(json) as unknown as FittedFrameTransformer;
    case 'standard-scaler':
    case 'minmax-scaler':
    case 'passthrough':
      return FittedScaler.load(json);
    default:
      throw new Error(`loadTransformer: unknown transformer kind '${json.kind}'`);
  }
}
