/**
 * A fuse whose decisions depend on what it has seen so far (an EMA, a norm history, a streak).
 * Its state is plain JSON: snapshots and checkpoints save it, rollbacks and `--resume` restore it.
 */
export interface StatefulFuse {
  /** A copy of the current state. */
  getState(): unknown;
  /** Replaces the state with one `getState` returned (validated; throws naming the fuse and the field). */
  loadState(json: unknown): void;
}

/** Named stateful fuses, e.g. `{ guard, clipper }`: the names key their states in saved JSON. */
export type StatefulFuses = Readonly<Record<string, StatefulFuse>>;

/**
 * The state of every fuse in `fuses`, by name.
 *
 * @example
 * saveFuseStates({ guard, clipper }); // { guard: { skippedSteps: 0, … }, clipper: { … } }
 */
export function saveFuseStates(fuses: StatefulFuses): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fuses).map(([name, fuse]) => [name, fuse.getState()]));
}

/**
 * Restores every fuse in `fuses` from `saved` (as `saveFuseStates` wrote it). A fuse missing from
 * `saved`, or a saved state no fuse of this run owns, is an error naming it: the saved state
 * belongs to a run configured differently.
 */
export function loadFuseStates(fuses: StatefulFuses, saved: Readonly<Record<string, unknown>>): void {
  const names = Object.keys(fuses);
  const foreign = Object.keys(saved).filter((name) => !names.includes(name));
  if (foreign.length > 0) throw new Error(`saved fuse state for ${foreign.join(', ')}, which this run does not use`);
  for (const [name, fuse] of Object.entries(fuses)) {
    if (!(name in saved)) throw new Error(`saved fuse state has no "${name}"`);
    fuse.loadState(saved[name]);
  }
}
