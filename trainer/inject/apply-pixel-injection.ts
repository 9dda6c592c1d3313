import type { StepInjections } from './resolve-injections';

/**
 * A copy of a batch's pixels (`[batch, h, w, c]`, after preprocessing) with this step's pixel
 * injection applied: all NaN for `nan`, else every value × `pixelFactor`.
 *
 * @example
 * applyPixelInjection(images, schedule.injectionsAt(step));
 */
export function applyPixelInjection(images: Float32Array, injection: Pick<StepInjections, 'pixelFactor' | 'nanPixels'>): Float32Array {
  const injected = new Float32Array(images.length);
  if (injection.nanPixels) return injected.fill(Number.NaN);
  for (let index = 0; index < images.length; index++) injected[index] = (images[index] as number) * injection.pixelFactor;
  return injected;
}
