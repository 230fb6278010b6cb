/**
 * Collects the bench's measures: prints each one as it is measured (name, value, how it was measured) and keeps the
 * numbers for bench/results.json. A group that fails is printed and remembered, so the others still run.
 */
export class BenchReport {
  readonly results: Record<string, number> = {};
  readonly failures: string[] = [];

  /** Record and print one measure. */
  measure(name: string, value: number, how: string): void {
    if (!Number.isFinite(value)) throw new Error(`${name} is not a finite number: ${value}`);
    this.results[name] = value;
    console.log(`${name.padEnd(40)} ${formatValue(value).padStart(10)}   ${how}`);
  }

  /** Print a measure that this run did not take, and why; it is left out of results.json. */
  notMeasured(name: string, why: string): void {
    console.log(`${name.padEnd(40)} ${"not measured".padStart(10)}   ${why}`);
  }

  /** Print a supporting fact that is not itself a measure. */
  note(text: string): void {
    console.log(`  ${text}`);
  }

  /** Run one step inside a group; a failure is printed and remembered, and the group goes on. */
  async step(title: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.failures.push(`${title}: ${message.split("\n")[0]}`);
      console.log(`FAILED (${title}): ${message}`);
    }
  }

  /** Run one group of measures; a failure is printed and the bench goes on. */
  async group(title: string, run: () => Promise<void>): Promise<void> {
    console.log(`\n== ${title}`);
    const started = performance.now();
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.failures.push(`${title}: ${message.split("\n")[0]}`);
      console.log(`FAILED: ${message}`);
    }
    console.log(`  (${title}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3);
}
