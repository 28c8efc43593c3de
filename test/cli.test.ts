import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { integerOption, parseCommandLine, UsageError } from '../scripts/cli';
import { tempDir } from './score/fixtures';

const root = path.resolve(__dirname, '..');

test('integerOption: whole numbers within their range; anything else is a usage error saying why', () => {
  assert.equal(integerOption(undefined, 'folds', 2), undefined);
  assert.equal(integerOption('5', 'folds', 2), 5);
  assert.equal(integerOption('-7', 'seed'), -7);
  assert.equal(integerOption('0', 'workers', 0), 0);
  const usage = (value: string | boolean, name: string, min: number | undefined, why: string | undefined, message: string) =>
    assert.throws(() => integerOption(value, name, min, why), (e: Error) => e instanceof UsageError && e.message === message);
  usage('1', 'folds', 2, 'cross-validation needs two folds or more', '--folds must be at least 2 (cross-validation needs two folds or more), got 1');
  usage('0', 'candidates', 1, undefined, '--candidates must be at least 1, got 0');
  usage('-1', 'workers', 0, '0 = serial', '--workers must be at least 0 (0 = serial), got -1');
  usage('2.5', 'folds', 2, undefined, '--folds expects a whole number, got "2.5"');
  usage('99999999999999999999', 'seed', undefined, undefined, '--seed expects a whole number, got "99999999999999999999"');
  usage(true, 'seed', undefined, undefined, '--seed expects a whole number, got true');
});

test('parseCommandLine: an unknown option is a usage error that ends with the usage line', () => {
  const options = { seed: { type: 'string' as const } };
  const parsed = parseCommandLine(['--seed', '3', 'x'], options, 'usage: x');
  assert.deepEqual({ ...parsed.values }, { seed: '3' });
  assert.deepEqual(parsed.positionals, ['x']);
  assert.throws(() => parseCommandLine(['--sede', '3'], options, 'usage: x'), (e: Error) => e instanceof UsageError && /Unknown option '--sede'[\s\S]*\nusage: x$/.test(e.message));
});

function study(args: string[]) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'scripts/study.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

test('study CLI: out-of-range options exit 2 with a clear message before any work; a missing --test-ids file is named', () => {
  const out = tempDir('cli-out-');
  const cases: Array<[string[], number, RegExp]> = [
    [['--folds', '1'], 2, /^study: error: --folds must be at least 2 \(cross-validation needs two folds or more\), got 1\n/],
    [['--candidates', '0'], 2, /^study: error: --candidates must be at least 1 \(candidates per family\), got 0\n/],
    [['--workers=-2'], 2, /^study: error: --workers must be at least 0 \(0 = serial\), got -2\n/],
    // node's parseArgs reads `--workers -2` as a missing value: still a usage error (exit 2), its own message.
    [['--workers', '-2'], 2, /^study: error: Option '--workers' argument is ambiguous/],
    [['--test-ids', path.join(out, 'no-such-ids.csv')], 1, /^study: error: test-ids file .*no-such-ids\.csv does not exist \(give a file with one customer id a line\)\n$/],
  ];
  for (const [args, status, message] of cases) {
    const r = study([...args, '--out', out, '--quiet']);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /ENOENT|\n\s+at /, `${args.join(' ')}: no raw error, no stack trace`);
    assert.deepEqual(fs.readdirSync(out), [], `${args.join(' ')}: nothing written`);
  }
});

test('score CLI: --batch 0 is a usage error', () => {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'scripts/score.ts'), '--data', 'x', '--out', 'y.csv', '--batch', '0'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^score: error: --batch must be at least 1 \(customers per scoring batch\), got 0\n/);
});
