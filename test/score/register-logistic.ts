/** Preloaded (`--require`) by the CLI tests' child processes: makes sure the logistic kind is registered. */
import { ensureLogisticRegistered } from './fixtures';
ensureLogisticRegistered();
