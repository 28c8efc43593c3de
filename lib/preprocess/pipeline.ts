/**
 * A pipeline of a column transformer and a classifier, like scikit-learn's `Pipeline([('prep', ct),
 * ('model', clf)])`. Its spec is plain JSON (so a search worker can rebuild it), parameters are set by path
 * (`model.C`, `prep.scaler`, `prep.onehot.drop`), and `fit` returns a {@link FittedPipeline} that predicts
 * from a Frame and serialises to JSON.
 */
import { InvalidParameterError } from '../core/errors';
import { unknownNameMessage } from '../core/params';
import type { EstimatorSpec, FittedClassifier, FittedJson, Frame, Json, Labels, Matrix } from '../core/types';
import { checkClassifierSpec, createClassifier, loadClassifier } from '../models/index';
import { ColumnTransformer, FittedColumnTransformer, type ColumnRoute, type ColumnTransformerParams } from './column-transformer';
import { checkTransformerSpec, scalerChoiceOf, scalerSpec } from './transformers';

/** A pipeline described as JSON: the column transformer's params and the classifier's spec. */
export interface PipelineSpec {
  [key: string]: Json;
  prep: ColumnTransformerParams;
  model: { kind: string; params: { [key: string]: Json } };
}

/** Parameters by path, e.g. `{'model.C': 0.5, 'prep.scaler': 'minmax'}`. */
export type PathParams = Record<string, Json>;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Applies path parameters to a pipeline spec and returns a new spec (the input is not changed). */
export function applyPathParams(spec: PipelineSpec, changes: PathParams): PipelineSpec {
  const out = clone(spec);
  for (const [path, value] of Object.entries(changes)) {
    const parts = path.split('.');
    if (parts[0] === 'model') {
      if (parts.length === 1) {
        const s = value as unknown as EstimatorSpec;
        if (!s || typeof s !== 'object' || typeof s.kind !== 'string') throw new Error(`Pipeline: '${path}' expects a {kind, params} spec`);
        out.model = clone(s) as PipelineSpec['model'];
      } else if (parts.length === 2) {
        out.model.params[parts[1]!] = value;
        // As scikit-learn's set_params: a name the model does not have is an error, not a silent no-op.
        checkClassifierSpec(out.model as unknown as EstimatorSpec, 'model.');
      }
      else throw new Error(`Pipeline: parameter path '${path}' is too deep (expected model.<param>)`);
    } else if (parts[0] === 'prep') {
      if (parts.length === 2 && parts[1] === 'remainder') {
        if (value !== 'drop' && value !== 'passthrough') throw new Error(`Pipeline: 'prep.remainder' must be 'drop' or 'passthrough'`);
        out.prep.remainder = value;
        continue;
      }
      const route = out.prep.routes.find((r) => r.name === parts[1]);
      if (!route) throw new InvalidParameterError(unknownNameMessage('Pipeline', 'route', parts[1]!, out.prep.routes.map((r) => r.name)), 'pipeline', path);
      if (parts.length === 2) {
        // A string is a scaler choice ('standard' | 'minmax' | 'none'); an object is a transformer spec.
        route.transformer = (typeof value === 'string' ? scalerSpec(value) : clone(value)) as ColumnRoute['transformer'];
      } else if (parts.length === 3) {
        route.transformer.params[parts[2]!] = value;
        checkTransformerSpec(route.transformer, `prep.${parts[1]}.`);
      }
      else throw new Error(`Pipeline: parameter path '${path}' is too deep (expected prep.<route>[.<param>])`);
    } else {
      throw new Error(`Pipeline: parameter path '${path}' must start with 'model' or 'prep'`);
    }
  }
  return out;
}

/** The spec's parameters flattened by path; scaler routes show their short choice ('standard' etc.). */
export function pathParamsOf(spec: PipelineSpec): PathParams {
  const out: PathParams = {};
  for (const r of spec.prep.routes) {
    const choice = scalerChoiceOf(r.transformer);
    if (choice) out[`prep.${r.name}`] = choice;
    else for (const [k, v] of Object.entries(r.transformer.params)) out[`prep.${r.name}.${k}`] = v;
  }
  for (const [k, v] of Object.entries(spec.model.params)) out[`model.${k}`] = v;
  return out;
}

/**
 * Unfitted pipeline.
 * @example new Pipeline(studyPipelineSpec({kind: 'logistic', params: {}})).withParams({'model.C': 0.5}).fit(frame, y)
 */
export class Pipeline {
  readonly kind = 'pipeline';
  readonly spec: Readonly<PipelineSpec>;

  constructor(spec: PipelineSpec) {
    this.spec = clone(spec);
  }

  /** A copy with parameters replaced by path (scikit-learn's clone + set_params). */
  withParams(changes: PathParams): Pipeline {
    return new Pipeline(applyPathParams(this.spec as PipelineSpec, changes));
  }

  /** The current parameters by path. */
  pathParams(): PathParams {
    return pathParamsOf(this.spec as PipelineSpec);
  }

  /** Fits the column transformer on the frame, then the classifier on its output. */
  fit(frame: Frame, y: Labels): FittedPipeline {
    if (y.length !== frame.nRows) throw new Error(`Pipeline.fit: ${y.length} labels for ${frame.nRows} rows`);
    const prep = new ColumnTransformer(this.spec.prep).fit(frame);
    const X = prep.transform(frame);
    const model = createClassifier(this.spec.model).fit(X, y);
    return new FittedPipeline(this.spec as PipelineSpec, prep, model);
  }

  toJSON(): PipelineSpec {
    return clone(this.spec as PipelineSpec);
  }
}

/** A fitted pipeline; `.preprocessor` and `.model` let explainers reach the parts. */
export class FittedPipeline {
  readonly kind = 'pipeline';

  constructor(
    readonly spec: Readonly<PipelineSpec>,
    /** The fitted column transformer. */
    readonly preprocessor: FittedColumnTransformer,
    /** The fitted classifier, fed the preprocessor's output. */
    readonly model: FittedClassifier,
  ) {}

  /** The model matrix of a frame (the classifier's input). */
  transform(frame: Frame): Matrix {
    return this.preprocessor.transform(frame);
  }

  /** Names of the classifier's input columns. */
  featureNamesOut(): string[] {
    return this.preprocessor.featureNamesOut();
  }

  /** P(y = 1) for each row of the frame. */
  predictProba(frame: Frame): Float64Array {
    return this.model.predictProba(this.preprocessor.transform(frame));
  }

  /** 1 where P(y = 1) >= threshold (default 0.5). */
  predict(frame: Frame, threshold = 0.5): Labels {
    const p = this.predictProba(frame);
    const out = new Uint8Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = p[i]! >= threshold ? 1 : 0;
    return out;
  }

  toJSON(): FittedJson<PipelineSpec> {
    return {
      kind: 'pipeline',
      params: clone(this.spec as PipelineSpec),
      state: { prep: this.preprocessor.toJSON() as unknown as Json, model: this.model.toJSON() as unknown as Json },
    };
  }

  /** Restores a fitted pipeline from {@link toJSON} output; predictions are identical. */
  static load(json: FittedJson): FittedPipeline {
    if (json.kind !== 'pipeline') throw new Error(`FittedPipeline.load: expected kind 'pipeline', got '${json.kind}'`);
    const state = json.state as unknown as { prep: FittedJson; model: FittedJson };
    return new FittedPipeline(json.params as PipelineSpec, FittedColumnTransformer.load(state.prep), loadClassifier(state.model));
  }
}
