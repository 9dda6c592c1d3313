/**
 * The category of a telemetry `event` string: its leading run of letters, digits, `_` and `-`
 * (the whole string when it has none).
 *
 * @example eventKindOf('inject:lr*100') // 'inject'
 * @example eventKindOf('rollback→12')   // 'rollback'
 * @example eventKindOf('clip')          // 'clip'
 */
export function eventKindOf(event: string): string {
  const kind = /^\s*([\p{L}\p{N}_-]+)/u.exec(event)?.[1];
  return kind ?? (event.trim() === '' ? 'event' : event.trim());
}
