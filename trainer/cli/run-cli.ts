import { ConfigError } from '../config/train-config';
import { join } from 'node:path';
import { ArtifactError } from '../../shared/artifact';
import { ParityError } from '../export/parity-error';
import { InjectSpecError } from '../inject';
import { TrainingHaltedError, TrainingInterruptedError } from '../train/training-errors';
import { UsageError } from './parse-cli-flags';

/**
 * Runs a CLI entry point: user mistakes (bad flags, bad config, bad files) print one line and
 * exit 2; a run halted by a fuse prints one line and exits 3; an export refused by the parity
 * gate prints one line and exits 4; anything else prints its stack and exits 1.
 */
export function runCli(program: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof UsageError || error instanceof ConfigError || error instanceof InjectSpecError || error instanceof ArtifactError) {
        process.stderr.write(`${program}: ${error.message}\n`);
        process.exit(2);
      }
      if (error instanceof ParityError) {
        process.stderr.write(`${program}: export refused: ${error.message}\n`);
        process.exit(4);
      }
      if (error instanceof TrainingInterruptedError) {
        const runDir = join(error.checkpointDir, '..', '..');
        process.stderr.write(`${program}: ${error.message}; continue with: npm run train -- --resume ${runDir}\n`);
        process.exit(130);
      }
      if (error instanceof TrainingHaltedError) {
        process.stderr.write(`${program}: training halted: ${error.message}\n`);
        process.exit(3);
      }
      process.stderr.write(`${program}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
