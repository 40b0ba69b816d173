/** A one-line progress bar on stderr (a plain line every few seconds when stderr is not a terminal). */
export function progressBar(label: string, total: number) {
  const started = Date.now();
  let lastPlain = 0;
  return {
    update(done: number, extra = '') {
      const elapsed = (Date.now() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const share = total > 0 ? done / total : 1;
      const line = `${label} ${done}/${total} (${(share * 100).toFixed(0)}%) ${rate.toFixed(0)}/s${extra ? ` ${extra}` : ''}`;
      if (process.stderr.isTTY) {
        const width = 30;
        const filled = Math.round(share * width);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}\u001b[K`);
      } else if (Date.now() - lastPlain > 5_000 || done === total) {
        lastPlain = Date.now();
        process.stderr.write(`${line}\n`);
      }
    },
    finish() {
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}
