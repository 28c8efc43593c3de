/**
 * A turn of the event loop in the middle of a long synchronous pass: signal handlers (Ctrl-C) and timers run
 * before the pass goes on, so an interrupt is honoured mid-search or mid-scoring instead of after the outputs
 * were written.
 * @example for (const batch of batches) { score(batch); await yieldToEventLoop(); }
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
