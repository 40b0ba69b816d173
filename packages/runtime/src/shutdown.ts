import type { Logger } from './logger.ts';

type Closer = { name: string; close: () => Promise<unknown> | unknown };

/**
 * Collects what a process opened and closes it in reverse order of creation on SIGTERM / SIGINT
 * (stop consuming, finish the batch, flush producers, close clients). A second signal, or the grace
 * period running out, exits at once with a non-zero code.
 */
export class GracefulShutdown {
  private readonly closers: Closer[] = [];
  private shuttingDown: Promise<void> | undefined;
  private readonly logger: Logger;
  private readonly graceMs: number;

  constructor(logger: Logger, options: { graceMs?: number } = {}) {
    this.logger = logger;
    this.graceMs = options.graceMs ?? 15_000;
  }

  /** Registers something to close; the last registered closes first. */
  add(name: string, close: Closer['close']): void {
    this.closers.push({ name, close });
  }

  /** Closes everything in reverse order; safe to call more than once (later calls await the first). */
  shutdown(reason: string): Promise<void> {
    this.shuttingDown ??= this.closeAll(reason);
    return this.shuttingDown;
  }

  /** Wires SIGTERM and SIGINT to `shutdown` and exits the process when it is done. */
  installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.shuttingDown) {
        this.logger.warn({ signal }, 'second signal during shutdown: exiting now');
        exit(130);
        return;
      }
      const timer = setTimeout(() => {
        this.logger.error({ graceMs: this.graceMs }, 'shutdown grace period exceeded: exiting now');
        exit(1);
      }, this.graceMs);
      timer.unref();
      void this.shutdown(signal).then(() => exit(0), () => exit(1));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  private async closeAll(reason: string): Promise<void> {
    this.logger.info({ reason }, 'shutting down');
    let failed = false;
    for (const { name, close } of [...this.closers].reverse()) {
      try {
        await close();
        this.logger.debug({ component: name }, 'closed');
      } catch (err) {
        failed = true;
        this.logger.error({ err, component: name }, 'failed to close');
      }
    }
    this.logger.info('shutdown complete');
    if (failed) throw new Error('one or more components failed to close');
  }
}
