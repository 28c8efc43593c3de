/**
 * Using the library from another script, the way an outside user would: import the package by its name
 * (node resolves it through package.json "exports" to the built dist/; `npm run example` builds first).
 *
 * Makes a small synthetic dataset in a temporary directory, trains a quick model file on it (or uses
 * models/model.json when `npm start` has written one), scores the customers and prints what happened.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  fitModelFile,
  prepareStudyData,
  readModelFile,
  scoreCustomers,
  writeModelFile,
  writeSyntheticData,
  type LoadedModel,
} from 'odin-klik-activity-study';

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'odin-klik-example-'));
  try {
    // 1. Customers to score: the four files, as the store exports them.
    const dataDir = path.join(work, 'customers');
    writeSyntheticData(dataDir, { customers: 2000, seed: 2024 });

    // 2. A model file: the study's own when present, else a quick one trained on synthetic data.
    let model: LoadedModel;
    const studyModel = path.resolve('models', 'model.json');
    if (fs.existsSync(studyModel)) {
      model = readModelFile(studyModel);
      console.log(`model: ${studyModel} (${model.file.family}, test ROC-AUC ${model.file.metrics.testRocAuc})`);
    } else {
      const trainDir = path.join(work, 'train');
      writeSyntheticData(trainDir, { customers: 1300, seed: 7 });
      const { table } = prepareStudyData({ dataDir: trainDir });
      const modelPath = path.join(work, 'model.json');
      writeModelFile(modelPath, fitModelFile(table, { sourceKind: 'synthetic' }).file);
      model = readModelFile(modelPath);
      console.log(`model: a quick ${model.file.family} model trained on ${table.ids.length} synthetic customers`);
    }

    // 3. Score: scores and rejects are written atomically; exitCode 3 means some rows were rejected.
    const out = path.join(work, 'scores.csv');
    const summary = await scoreCustomers({ model, data: dataDir, out });
    console.log(`scored ${summary.scored}, rejected ${summary.rejected}`, summary.rejectedByRule);
    console.log('segments:', summary.segments);
    console.log(fs.readFileSync(out, 'utf8').split('\n').slice(0, 4).join('\n'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
