/**
 * A worker thread that writes checkpoints into `workerData.root` without end (steps from
 * `workerData.start`, keeping 1), until the test terminates it at an arbitrary point.
 */
import { workerData } from 'node:worker_threads';
import { writeCheckpoint } from '../../trainer/checkpoint/write-checkpoint';
import { checkpointContent } from './checkpoint-content';

const { root, start } = workerData as { root: string; start: number };
for (let step = start; ; step++) await writeCheckpoint(root, checkpointContent(step), 1);
