import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DataValidationError } from '../../lib/data/errors';
import { findProjectRoot, locateData } from '../../lib/data/locate';
import { MARKET_FILES } from '../../lib/data/schema';

/** A fake layout: <tmp>/project (root) and <tmp>/shared/data, with the four files where asked. */
function layout(withProjectData: boolean, withSharedData: boolean): { root: string; cleanup: () => void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'market-locate-'));
  const root = path.join(base, 'project');
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.mkdirSync(path.join(base, 'shared', 'data'), { recursive: true });
  const fill = (dir: string) => Object.values(MARKET_FILES).forEach((f) => fs.writeFileSync(path.join(dir, f), 'x'));
  if (withProjectData) fill(path.join(root, 'data'));
  if (withSharedData) fill(path.join(base, 'shared', 'data'));
  return { root, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

test('precedence: explicit, env, project ./data, ../shared/data, synthetic', () => {
  const { root, cleanup } = layout(true, true);
  try {
    const dataDir = path.join(root, 'data');
    const shared = path.resolve(root, '..', 'shared', 'data');
    assert.equal(locateData({ dataDir: shared, env: { MARKET_DATA_DIR: dataDir }, projectRoot: root }).kind, 'explicit');
    const env = locateData({ env: { MARKET_DATA_DIR: shared }, projectRoot: root });
    assert.deepEqual([env.kind, env.path], ['env', shared]);
    const project = locateData({ env: {}, projectRoot: root });
    assert.deepEqual([project.kind, project.path], ['project', dataDir]);
    fs.rmSync(path.join(dataDir, 'money.csv'));
    const fallback = locateData({ env: {}, projectRoot: root });
    assert.deepEqual([fallback.kind, fallback.path], ['shared', shared]);
    fs.rmSync(path.join(shared, 'money.csv'));
    const synthetic = locateData({ env: {}, projectRoot: root, synthetic: { seed: 5 } });
    assert.equal(synthetic.kind, 'synthetic');
    assert.equal(synthetic.path, undefined);
    assert.deepEqual(synthetic.synthetic, { customers: 1300, seed: 5 });
    assert.match(synthetic.description, /^synthetic data \(1300 customers, seed 5\)/);
  } finally {
    cleanup();
  }
});

test('an explicit directory without the files is an error, not a silent fallback', () => {
  const { root, cleanup } = layout(false, true);
  try {
    assert.throws(
      () => locateData({ env: { MARKET_DATA_DIR: path.join(root, 'data') }, projectRoot: root }),
      (error: unknown) =>
        error instanceof DataValidationError &&
        error.file === 'market_file.csv' &&
        /given by MARKET_DATA_DIR/.test(error.message) &&
        /found no such file$/.test(error.message),
    );
    assert.throws(() => locateData({ dataDir: path.join(root, 'nope') }), DataValidationError);
  } finally {
    cleanup();
  }
});

test('the project root is the folder with package.json', () => {
  assert.ok(fs.existsSync(path.join(findProjectRoot(), 'package.json')));
  assert.ok(fs.existsSync(path.join(findProjectRoot(), 'lib', 'data', 'locate.ts')));
});
