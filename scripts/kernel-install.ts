/**
 * `npm run kernel:install`: makes the project's tslab kernel visible to the Jupyter front ends that look in the
 * user's Jupyter data folder (VS Code, JupyterLab, Notebook): links jupyter/kernels/odin-klik-tslab into
 * `<data dir>/kernels/odin-klik-tslab` (the data dir is what `jupyter --data-dir` prints, else
 * ~/.local/share/jupyter). The name is the project's own, so it cannot collide with a global `tslab`
 * install. `--uninstall` removes the link. Exit 1 when the name is taken by something that is not this link.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const KERNEL = 'odin-klik-tslab';
const source = path.resolve(__dirname, '..', 'jupyter', 'kernels', KERNEL);

function dataDir(): string {
  const fromJupyter = spawnSync('jupyter', ['--data-dir'], { encoding: 'utf8' });
  if (fromJupyter.status === 0 && fromJupyter.stdout.trim()) return fromJupyter.stdout.trim();
  return process.env['JUPYTER_DATA_DIR'] ?? path.join(os.homedir(), '.local', 'share', 'jupyter');
}

const target = path.join(dataDir(), 'kernels', KERNEL);
const existing = fs.lstatSync(target, { throwIfNoEntry: false });
const ours = existing?.isSymbolicLink() && path.resolve(path.dirname(target), fs.readlinkSync(target)) === source;
if (process.argv.includes('--uninstall')) {
  if (ours) fs.unlinkSync(target);
  console.log(ours ? `removed ${target}` : `nothing to remove at ${target}`);
} else if (existing && !ours) {
  console.error(`kernel:install: ${target} exists and is not a link to ${source}; remove it first`);
  process.exit(1);
} else {
  if (!existing) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(source, target, 'dir');
  }
  console.log(`kernel "${KERNEL}" (TypeScript (tslab, project)) → ${target} links ${source}; pick it in VS Code or Jupyter`);
}
