/**
 * `JSON.stringify(value)` made safe to place inside `<script type="application/json">`: every `<`
 * becomes `\u003c`, so neither `</script>` nor `<!--` in the data can end the element.
 * `JSON.parse` of the element's text gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
