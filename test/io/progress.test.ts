import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { startProgress } from '../../lib/io/progress';

/** A stream that records what is written, as a terminal (isTTY) or as a pipe or file. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (chunk: string) => (writes.push(chunk), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean } };
}

const ELAPSED = String.raw`\d+\.\d s`;

test('not a terminal: plain lines at each tenth (no 0 % and no 100 % line), then one done line', () => {
  const { writes, stream } = fakeStream(false);
  const progress = startProgress('search', 20, { stream });
  for (let done = 1; done <= 20; done++) progress.update(done);
  progress.done('20 fits');
  assert.deepEqual(writes.slice(0, -1), [1, 2, 3, 4, 5, 6, 7, 8, 9].map((tenth) => `search: ${2 * tenth}/20 (${tenth * 10}%)\n`));
  assert.match(writes.at(-1)!, new RegExp(`^search: 20 fits \\(${ELAPSED}\\)\\n$`));
  assert.ok(writes.every((w) => !w.includes('\r')), 'no carriage returns in a log');
});

test('not a terminal: a tenth is written once even when updates repeat or jump', () => {
  const { writes, stream } = fakeStream(false);
  const progress = startProgress('scoring', 100, { stream });
  for (const done of [5, 12, 12, 13, 55, 99, 100]) progress.update(done);
  assert.deepEqual(writes, ['scoring: 12/100 (10%)\n', 'scoring: 55/100 (50%)\n', 'scoring: 99/100 (90%)\n']);
});

test('a terminal: a bar redrawn in place, always drawn at the end, then the done line', () => {
  const { writes, stream } = fakeStream(true);
  const progress = startProgress('search', 20, { stream });
  for (let done = 1; done <= 20; done++) progress.update(done);
  progress.done();
  // The first update draws at once; later ones at most every 100 ms, except the last, which always draws.
  assert.match(writes[0]!, new RegExp(`^\\rsearch \\[#{2}\\.{28}\\] 1/20 ${ELAPSED}  $`));
  assert.match(writes.at(-2)!, new RegExp(`^\\rsearch \\[#{30}\\] 20/20 ${ELAPSED}  $`));
  assert.match(writes.at(-1)!, new RegExp(`^\\rsearch: done \\(${ELAPSED}\\) {20}\\n$`));
  assert.ok(writes.slice(0, -1).every((w) => w.startsWith('\r') && !w.includes('\n')), 'redraws stay on one line');
});

test('a terminal with an unknown total shows the count; tty: false forces lines; silent writes nothing', () => {
  const counting = fakeStream(true);
  startProgress('scoring', 0, { stream: counting.stream }).update(12345);
  assert.match(counting.writes[0]!, new RegExp(`^\\rscoring: 12,345 ${ELAPSED}  $`));

  const forced = fakeStream(true);
  const lines = startProgress('search', 10, { stream: forced.stream, tty: false });
  lines.update(5);
  assert.deepEqual(forced.writes, ['search: 5/10 (50%)\n']);

  const quiet = fakeStream(true);
  const silent = startProgress('search', 10, { stream: quiet.stream, silent: true });
  silent.update(10);
  silent.done();
  assert.deepEqual(quiet.writes, []);
});

test('the total may change while running (update with a new total)', () => {
  const { writes, stream } = fakeStream(false);
  const progress = startProgress('search', 10, { stream });
  progress.update(1);
  progress.update(3, 30);
  progress.update(12);
  assert.deepEqual(writes, ['search: 1/10 (10%)\n', 'search: 12/30 (40%)\n']);
});
