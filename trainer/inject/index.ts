export { applyPixelInjection } from './apply-pixel-injection';
export { flipLabels } from './flip-labels';
export type { RandomSource } from './flip-labels';
export { INJECTION_KINDS, InjectSpecError, parseInject } from './parse-inject';
export type { InjectionKind, InjectionSpec, InjectionStart } from './parse-inject';
export { resolveInjections } from './resolve-injections';
export type { InjectionSchedule, ResolvedInjection, StepInjections } from './resolve-injections';
