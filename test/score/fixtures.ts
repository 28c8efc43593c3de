/** Shared by the scoring, model-file and study tests: a small synthetic dataset and a model fitted on it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareStudyData } from '../../lib/data/prepare';
import { writeSyntheticData } from '../../lib/data/synthetic';
import { hasClassifier, registerClassifier } from '../../lib/models/index';
import { LogisticRegression } from '../../lib/models/logistic';
import type { ModelFile } from '../../lib/model-file';
import { fitModelFile } from '../../lib/study/model';

/** Registers logistic regression if lib/models has not (yet) done so. */
export function ensureLogisticRegistered(): void {
  if (!hasClassifier('logistic')) {
    registerClassifier('logistic', { create: (p) => new LogisticRegression(p as never), load: (j) => LogisticRegression.load(j) });
  }
}

/** A fresh temporary directory, removed at process exit. */
export function tempDir(prefix = 'score-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `customers` synthetic customers into a new directory; returns it. */
export function syntheticDir(customers = 300, seed = 7): string {
  const dir = tempDir('market-');
  writeSyntheticData(dir, { customers, seed });
  return dir;
}

/** A logistic model file fitted on a synthetic directory's cleaned table. */
export function smallModel(dir: string): ModelFile {
  ensureLogisticRegistered();
  const { table } = prepareStudyData({ dataDir: dir });
  return fitModelFile(table, { sourceKind: 'explicit' }).file;
}

/** Replaces one file's text in a data directory (tests of bad input). */
export function editFile(dir: string, file: string, edit: (text: string) => string): void {
  const full = path.join(dir, file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, 'utf8')));
}
