/**
 * A `report.json` value as table text: integers with thousands separators, other numbers to 6
 * significant digits, `null` as an em dash.
 *
 * @example formatSummaryValue(60000)      // '60,000'
 * @example formatSummaryValue(0.99104321) // '0.991043'
 */
export function formatSummaryValue(value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
  }
  return String(value);
}
