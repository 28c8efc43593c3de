import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../..');
const install = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/kernel-install.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

test('kernel:install links the project kernel under its own name into the Jupyter data folder, and --uninstall removes it', () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'jupyter-data-'));
  const env = { JUPYTER_DATA_DIR: data };
  const first = install(env);
  assert.equal(first.status, 0, first.stderr);
  const link = path.join(data, 'kernels', 'odin-klik-tslab');
  assert.equal(fs.realpathSync(link), path.join(root, 'jupyter', 'kernels', 'odin-klik-tslab'));
  assert.equal(JSON.parse(fs.readFileSync(path.join(link, 'kernel.json'), 'utf8')).display_name, 'TypeScript (tslab, project)');
  assert.equal(install(env).status, 0, 'installing again is harmless');
  // Jupyter's own kernel-spec lookup (jupyter_client, as Notebook, JupyterLab and VS Code's Jupyter use) finds it.
  const listed = spawnSync('/usr/bin/python3', ['-c', 'from jupyter_client.kernelspec import KernelSpecManager; print(sorted(KernelSpecManager().find_kernel_specs()))'], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (listed.status === 0) assert.match(listed.stdout, /odin-klik-tslab/);
  assert.equal(install(env, '--uninstall').status, 0);
  assert.equal(fs.existsSync(link), false);
  fs.mkdirSync(link, { recursive: true });
  const taken = install(env);
  assert.equal(taken.status, 1);
  assert.match(taken.stderr, /exists and is not a link/);
  fs.rmSync(data, { recursive: true, force: true });
});
