/**
 * `npm run test:package`: the library as an outside project gets it. Packs the package (`npm pack`, which builds
 * dist/ through prepack), installs the tarball into an empty temporary project, type-checks a consumer written in
 * TypeScript against the installed .d.ts files with the strictest flags a consumer may use (strict,
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes, no skipLibCheck), and runs two consumers with plain
 * node — CommonJS `require` and an ESM `import` — that fit a model file on the store's data (../shared/data when
 * present, else the synthetic generator), score the customers in memory and print the top risks. Prints the
 * installed size. Exits 1 on any failure.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'odin-klik-package-'));
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

const CONSUMER = `import { fitModelFile, prepareStudyData, scoreRecords, type CustomerRecord, type ScoredCustomer } from 'odin-klik-activity-study';
import { createClassifier } from 'odin-klik-activity-study/models';

const dataDir = process.argv[2];
const { source, table } = prepareStudyData(dataDir ? { dataDir } : {});
const { file } = fitModelFile(table, { sourceKind: source.kind });
const records: CustomerRecord[] = Array.from(table.ids, (id, i) => {
  const record: Record<string, number | string> = { id, profit: table.profit[i] ?? 0 };
  for (const [name, column] of Object.entries(table.features.columns)) {
    const value = column[i];
    if (value !== undefined) record[name] = value;
  }
  return record as CustomerRecord;
});
const { scored, rejected } = scoreRecords(file, records);
const top: ScoredCustomer[] = [...scored].sort((a, b) => b.dropProbability - a.dropProbability).slice(0, 5);
console.log(\`\${source.kind} data: \${scored.length} scored, \${rejected.length} rejected; top risks:\`);
for (const c of top) console.log(\`  \${c.id}  p=\${c.dropProbability.toFixed(3)}  \${c.segment ?? ''}\`);
createClassifier({ kind: 'knn', params: { k: 5 } });
`;

function main(): void {
  console.log(`package check in ${work}`);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
  const tarball = path.join(work, packed[0]!.filename);
  console.log(`packed ${packed[0]!.filename}: ${packed[0]!.entryCount} files, ${(packed[0]!.size / 1e6).toFixed(2)} MB (${(packed[0]!.unpackedSize / 1e6).toFixed(2)} MB unpacked)`);
  const consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--omit=optional', tarball], consumer);
  const installed = duBytes(path.join(consumer, 'node_modules'));
  console.log(`installed size: ${(installed / 1e6).toFixed(1)} MB (node_modules of an empty project with the tarball; goal ≤ 30 MB)`);
  // The consumer's own compiler, outside the installed size.
  const tools = path.join(work, 'tools');
  fs.mkdirSync(tools);
  fs.writeFileSync(path.join(tools, 'package.json'), JSON.stringify({ name: 'tools', private: true, version: '1.0.0' }));
  const tsVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version;
  run('npm', ['install', '--no-audit', '--no-fund', `typescript@${tsVersion}`, '@types/node@20'], tools);
  fs.symlinkSync(path.join(tools, 'node_modules', '@types'), path.join(consumer, 'node_modules', '@types'), 'dir');
  fs.writeFileSync(path.join(consumer, 'consumer.ts'), CONSUMER);
  fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true, skipLibCheck: false, types: ['node'], outDir: 'out',
    },
    files: ['consumer.ts'],
  }, null, 2));
  run(process.execPath, [path.join(tools, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], consumer);
  console.log('type check of the consumer against dist/*.d.ts (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck false): ok');
  const shared = path.resolve(root, '..', 'shared', 'data');
  const dataArgs = fs.existsSync(path.join(shared, 'market_file.csv')) ? [shared] : [];
  process.stdout.write('CommonJS consumer (the compiled consumer.ts): ' + run(process.execPath, ['out/consumer.js', ...dataArgs], consumer));
  fs.writeFileSync(path.join(consumer, 'consumer.mjs'), `import { prepareStudyData, fitModelFile, scoreRecords, MODEL_SCHEMA_VERSION } from 'odin-klik-activity-study';
import { stratifiedKFold } from 'odin-klik-activity-study/selection';
const { table } = prepareStudyData(process.argv[2] ? { dataDir: process.argv[2] } : {});
const { file } = fitModelFile(table);
const records = Array.from(table.ids, (id, i) => Object.fromEntries([['id', id], ['profit', table.profit[i]], ...Object.entries(table.features.columns).map(([k, c]) => [k, c[i]])]));
const { scored } = scoreRecords(file, records);
console.log('ESM import: schema', MODEL_SCHEMA_VERSION, 'folds', stratifiedKFold(table.target, { nSplits: 3 }).length, 'scored', scored.length);
`);
  process.stdout.write(run(process.execPath, ['consumer.mjs', ...dataArgs], consumer));
  const bin = path.join(consumer, 'node_modules', '.bin', 'odin-klik-score');
  const help = run(bin, ['--help'], consumer);
  console.log(`bin odin-klik-score --help: ${help.split('\n')[0]}`);
  fs.rmSync(work, { recursive: true, force: true });
  console.log('package check passed');
}

try {
  main();
} catch (error) {
  console.error(`package check failed: ${(error as Error).message}`);
  process.exit(1);
}
