import type { BenchRecord } from './render-benchmarks-md';

/** A Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** Where and when a result was measured (with the machine's load, where recorded) and how to reproduce it. */
export function provenance(record: BenchRecord): string {
  const { machine } = record;
  const load = machine.loadAverage === undefined ? '' : `, load average ${machine.loadAverage.toFixed(1)}`;
  return `Measured ${record.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores}× ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}${load}. Reproduce: \`${record.command}\`.`;
}
