/** How many threads the machine runs at once: the default size of the search's worker pool. */
import * as os from 'node:os';

/** Default worker count: every core. */
export function defaultWorkerCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
