/**
 * A worker thread that explains a part of the test customers by KernelSHAP (see explainTestCustomersInParallel
 * in lib/study/stages/explain.ts): it gets the fitted pipeline's JSON, the part's rows, the background and the
 * settings, and posts back the part's SHAP values as artefact JSON (every number's bits kept).
 */
import { parentPort } from 'node:worker_threads';
import type { Frame, Json } from '../core/types';
import { explainPipeline, type ExplainPipelineOptions } from '../explain/pipeline-shap';
import { FittedPipeline } from '../preprocess/pipeline';
import { decodeArtefact, encodeArtefact } from './artefact-codec';

interface ExplainPartRequest {
  pipeline: Json;
  frame: Json;
  background: Json;
  kernel: NonNullable<ExplainPipelineOptions['kernel']>;
}

parentPort?.on('message', (request: ExplainPartRequest) => {
  try {
    const fitted = FittedPipeline.load(request.pipeline as unknown as Parameters<typeof FittedPipeline.load>[0]);
    const shap = explainPipeline(fitted, decodeArtefact<Frame>(request.frame), decodeArtefact<Frame>(request.background), { kernel: request.kernel });
    parentPort!.postMessage({ ok: true, json: encodeArtefact(shap) });
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: (error as Error).stack ?? String(error) });
  }
});
