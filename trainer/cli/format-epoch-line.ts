import type { EpochReport } from '../train/end-epoch';

/**
 * One epoch as Keras prints it: `Epoch 3/8 - loss: 0.5512 - accuracy: 0.9870 - val_loss: 0.5388 -
 * val_accuracy: 0.9891`, plus `(best)` when its weights are kept and a note when it stops the run.
 */
export function formatEpochLine(epoch: EpochReport): string {
  const parts = [`Epoch ${epoch.epoch}/${epoch.epochs}`, `loss: ${epoch.loss.toFixed(4)}`, `accuracy: ${epoch.accuracy.toFixed(4)}`];
  if (epoch.valLoss !== null && epoch.valAccuracy !== null) {
    parts.push(`val_loss: ${epoch.valLoss.toFixed(4)}`, `val_accuracy: ${epoch.valAccuracy.toFixed(4)}${epoch.best ? ' (best)' : ''}`);
  }
  return `${parts.join(' - ')}${epoch.stopping ? ' - early stop: no lower val_loss for the patience given' : ''}`;
}
