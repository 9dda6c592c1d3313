import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { TrainConfig } from '../config/train-config';
import { adaptiveGradClip } from './adaptive-grad-clip';
import { clipByGlobalNorm } from './clip-by-global-norm';
import { createAutoClip } from './create-autoclip';
import { createZClip } from './create-zclip';
import { globalNorm } from './global-norm';
import { parseFuseState } from './parse-fuse-state';
import type { StatefulFuse } from './stateful-fuse';

/** Gradients after the clipping fuse, and what it did. */
export interface ClipOutcome {
  grads: tf.Tensor[];
  /** Threshold in force (null when nothing clips). */
  threshold: number | null;
  clipped: boolean;
  normAfter: number;
}

/** The clipping fuse of a run: stateless (global, AGC, none) or adaptive (ZClip, AutoClip). */
export interface Clipper extends StatefulFuse {
  /** Applies the clipping to `grads` (consumed) whose global norm is `norm` (finite). */
  clip(grads: tf.Tensor[], norm: number, params: readonly tf.Variable[]): Promise<ClipOutcome>;
}

function unclipped(grads: tf.Tensor[], norm: number, threshold: number | null): ClipOutcome {
  return { grads, threshold, clipped: false, normAfter: norm };
}

function clipTo(grads: tf.Tensor[], norm: number, threshold: number): ClipOutcome {
  if (!(norm > threshold)) return unclipped(grads, norm, threshold);
  const { grads: clipped, scale } = clipByGlobalNorm(grads, threshold, norm);
  tf.dispose(grads);
  return { grads: clipped, threshold, clipped: true, normAfter: norm * scale };
}

const noStateSchema = z.object({}).strict();

/** A clipper that remembers nothing: its saved state is `{}`. */
function stateless(name: string, clip: Clipper['clip']): Clipper {
  return {
    clip,
    getState: () => ({}),
    loadState: (json) => {
      parseFuseState(noStateSchema, json, name);
    },
  };
}

/** The clipper `config.clip` names, with its knobs from `config`. */
export function createClipper(config: TrainConfig): Clipper {
  switch (config.clip) {
    case 'none':
      return stateless('NoClip', async (grads, norm) => unclipped(grads, norm, null));
    case 'global':
      return stateless('GlobalNormClip', async (grads, norm) => clipTo(grads, norm, config.maxGradNorm));
    case 'zclip': {
      const zclip = createZClip({
        alpha: config.zclipAlpha,
        zThreshold: config.zclipThreshold,
        warmupSteps: config.zclipWarmupSteps,
        maxGradNorm: config.maxGradNorm,
      });
      return {
        async clip(grads, norm) {
          const { threshold } = zclip.observe(norm);
          return Number.isFinite(threshold) ? clipTo(grads, norm, threshold) : unclipped(grads, norm, null);
        },
        getState: () => zclip.getState(),
        loadState: (json) => zclip.loadState(json),
      };
    }
    case 'autoclip': {
      const autoclip = createAutoClip({ percentile: config.autoclipPercentile });
      return {
        clip: async (grads, norm) => clipTo(grads, norm, autoclip.observe(norm).threshold),
        getState: () => autoclip.getState(),
        loadState: (json) => autoclip.loadState(json),
      };
    }
    case 'agc':
      return stateless('AdaptiveGradClip', async (grads, norm, params) => {
        const { grads: clipped, clippedUnits } = adaptiveGradClip(params, grads, { clipFactor: config.agcClipFactor });
        tf.dispose(grads);
        const after = tf.tidy(() => tf.stack([tf.cast(clippedUnits, 'float32'), globalNorm(clipped)]));
        const [units = 0, normAfter = norm] = await after.data();
        tf.dispose([after, clippedUnits]);
        return { grads: clipped, threshold: null, clipped: units > 0, normAfter };
      });
  }
}
