import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AtomicFileWriter, pendingTemporaryCount, writeFileAtomic, writeFilesAtomic } from '../../lib/io/atomic';
import { tempDir } from '../score/fixtures';

const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

test('writeFileAtomic writes the content, creates the directory and leaves no temporary file', () => {
  const dir = tempDir('atomic-');
  const target = path.join(dir, 'sub', 'a.json');
  writeFileAtomic(target, '{"a":1}\n');
  assert.equal(fs.readFileSync(target, 'utf8'), '{"a":1}\n');
  writeFileAtomic(target, 'second');
  assert.equal(fs.readFileSync(target, 'utf8'), 'second');
  assert.deepEqual(leftovers(path.join(dir, 'sub')), []);
  assert.equal(pendingTemporaryCount(), 0);
});

test('writeFilesAtomic changes none of the targets when one file cannot be written', () => {
  const dir = tempDir('atomic-');
  const good = path.join(dir, 'good.txt');
  fs.writeFileSync(good, 'old');
  const blocked = path.join(dir, 'blocked');
  fs.writeFileSync(blocked, 'a file where a directory is needed');
  assert.throws(() => writeFilesAtomic([
    { path: good, data: 'new' },
    { path: path.join(blocked, 'inner.txt'), data: 'x' },
  ]));
  assert.equal(fs.readFileSync(good, 'utf8'), 'old');
  assert.deepEqual(leftovers(dir), []);
  assert.equal(pendingTemporaryCount(), 0);
});

test('AtomicFileWriter shows the file only on commit; abort keeps the old content', () => {
  const dir = tempDir('atomic-');
  const target = path.join(dir, 'scores.csv');
  const writer = new AtomicFileWriter(target, 8);
  writer.write('id,p\n');
  writer.write('1,0.5\n');
  assert.equal(fs.existsSync(target), false, 'nothing under the name before commit');
  writer.commit();
  assert.equal(fs.readFileSync(target, 'utf8'), 'id,p\n1,0.5\n');

  const second = new AtomicFileWriter(target);
  second.write('half');
  second.abort();
  assert.equal(fs.readFileSync(target, 'utf8'), 'id,p\n1,0.5\n');
  assert.deepEqual(leftovers(dir), []);
});

test('AtomicFileWriter.abort removes the directories it created, and only those, when they are empty', () => {
  const dir = tempDir('atomic-');
  const scores = new AtomicFileWriter(path.join(dir, 'new', 'deeper', 'scores.csv'));
  const rejects = new AtomicFileWriter(path.join(dir, 'new', 'deeper', 'scores.rejects.csv'));
  scores.abort();
  assert.equal(fs.existsSync(path.join(dir, 'new', 'deeper')), true, "the other writer's temporary file keeps the directory");
  rejects.abort();
  assert.equal(fs.existsSync(path.join(dir, 'new')), false, 'both created directories are gone');
  assert.equal(fs.existsSync(dir), true, 'a directory that existed before stays');
  fs.mkdirSync(path.join(dir, 'kept'));
  fs.writeFileSync(path.join(dir, 'kept', 'other.txt'), 'x');
  new AtomicFileWriter(path.join(dir, 'kept', 'a.csv')).abort();
  assert.deepEqual(fs.readdirSync(path.join(dir, 'kept')), ['other.txt']);
});

test('an interrupt (SIGINT) removes unfinished files and exits 130', () => {
  const dir = tempDir('atomic-');
  const target = path.join(dir, 'out.csv');
  const script = `
    const { AtomicFileWriter, installInterruptCleanup } = require(${JSON.stringify(path.resolve(__dirname, '../../lib/io/atomic.ts'))});
    installInterruptCleanup();
    const w = new AtomicFileWriter(${JSON.stringify(target)}, 4);
    w.write('partial data');
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => {}, 5000);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname, '../..'), timeout: 60_000 });
  assert.equal(r.status, 130, r.stderr);
  assert.match(r.stderr, /Interrupted \(SIGINT\)/);
  assert.equal(fs.existsSync(target), false);
  assert.deepEqual(leftovers(dir), []);
});
