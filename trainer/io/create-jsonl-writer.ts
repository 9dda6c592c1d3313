import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Appends one JSON document per line to a file. */
export interface JsonlWriter<T> {
  write(row: T): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Opens `path` for writing (truncating it) as a JSON-lines file. */
export function createJsonlWriter<T>(path: string): JsonlWriter<T> {
  const stream = createWriteStream(path, { flags: 'w' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    write(row) {
      if (failure) throw failure;
      stream.write(`${JSON.stringify(row)}\n`);
    },
    async close() {
      stream.end();
      await once(stream, 'close');
      if (failure) throw failure;
    },
  };
}
