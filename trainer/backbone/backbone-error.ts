import { ConfigError } from '../config/train-config';

/**
 * A `--backbone` directory or `--backbone-layer` / fine-tune flag that cannot be used. A
 * `ConfigError`, so the train CLI prints it on one line and exits 2.
 */
export class BackboneError extends ConfigError {}
