import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import type { TrainConfigInput } from '../../../trainer/config/train-config';
import { createFuseSet, loadFuseStates, saveFuseStates } from '../../../trainer/fuses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function fuseSet(overrides: TrainConfigInput) {
  return createFuseSet(resolveTrainConfig(overrides));
}

/** Feeds the clipper a few norms so adaptive clippers have history. */
async function observeNorms(set: ReturnType<typeof fuseSet>, norms: number[]): Promise<void> {
  const params = [tf.variable(tf.ones([2, 2]))];
  for (const norm of norms) {
    const grads = [tf.fill([2, 2], norm / 2)];
    const outcome = await set.clipper.clip(grads, norm, params);
    tf.dispose(outcome.grads);
  }
  tf.dispose(params);
}

describe('createFuseSet', () => {
  it('should save the state of every stateful fuse it holds, clippers included', () => {
    const set = fuseSet({ clip: 'zclip', lossScaling: true });
    expect(Object.keys(set.stepState).sort()).toEqual(['clipper', 'damage', 'guard', 'scaler', 'spikes']);
    expect(Object.keys(set.runState)).toEqual(['rollback']);
    // Whatever member has a state is saved somewhere: a new fuse cannot be left out.
    const saved = new Set([...Object.values(set.stepState), ...Object.values(set.runState)]);
    for (const [name, member] of Object.entries(set)) {
      if (typeof member === 'object' && member !== null && 'getState' in member) expect(saved.has(member), name).toBe(true);
    }
    set.dispose();
  });

  it.each(['global', 'zclip', 'autoclip', 'agc', 'none'] as const)('should restore a %s run\'s fuse states into a fresh set', async (clip) => {
    const first = fuseSet({ clip, zclipWarmupSteps: 3 });
    await observeNorms(first, [1, 2, 1.5, 1.2, 9]);
    first.guard?.observe(5, false);
    const saved = saveFuseStates(first.stepState);
    const second = fuseSet({ clip, zclipWarmupSteps: 3 });
    loadFuseStates(second.stepState, saved);
    expect(saveFuseStates(second.stepState)).toEqual(saved);
    if (clip === 'zclip' || clip === 'autoclip') expect(saved.clipper).not.toEqual(saveFuseStates(fuseSet({ clip }).stepState).clipper);
    first.dispose();
    second.dispose();
  });

  it('should refuse saved state of another configuration or with a bad field, naming the fuse', () => {
    const set = fuseSet({ clip: 'autoclip' });
    const saved = saveFuseStates(set.stepState);
    expect(() => loadFuseStates(set.stepState, { ...saved, scaler: {} })).toThrow('saved fuse state for scaler, which this run does not use');
    const { clipper: _clipper, ...withoutClipper } = saved;
    expect(() => loadFuseStates(set.stepState, withoutClipper)).toThrow('saved fuse state has no "clipper"');
    expect(() => loadFuseStates(set.stepState, { ...saved, clipper: { sortedNorms: [2, 1], clippedSteps: 0, lastThreshold: null } })).toThrow(
      'AutoClip: invalid saved state at "sortedNorms": not in ascending order',
    );
    const global = fuseSet({ clip: 'global' });
    expect(() => loadFuseStates(global.stepState, { ...saveFuseStates(global.stepState), clipper: { mean: 1 } })).toThrow(/GlobalNormClip: invalid saved state/);
    set.dispose();
    global.dispose();
  });

  it('should hold only a stateless clipper with fuses off', () => {
    const set = fuseSet({ fuses: false });
    expect(Object.keys(set.stepState)).toEqual(['clipper']);
    expect(set.guard).toBeUndefined();
    expect(set.rollback).toBeUndefined();
  });
});
