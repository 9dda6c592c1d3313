import { closeSync, openSync, writeSync } from 'node:fs';

/** Appends one JSON document per line to a file. */
export interface JsonlWriter<T> {
  write(row: T): void;
  /** Closes the file. */
  close(): Promise<void>;
}

/**
 * Opens `path` for writing (truncating it) as a JSON-lines file. Each row is written
 * synchronously (a few microseconds), so the file is current even while the training loop keeps
 * the event loop busy, and a killed run leaves every row written before it.
 */
export function createJsonlWriter<T>(path: string): JsonlWriter<T> {
  let fd: number | undefined = openSync(path, 'w');
  return {
    write(row) {
      if (fd === undefined) throw new Error(`${path}: write after close`);
      writeSync(fd, `${JSON.stringify(row)}\n`);
    },
    async close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
