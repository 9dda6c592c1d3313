// The worker's tsconfig does not resolve JSON files (resolveJsonModule is off), so the bundled
// artifact's JSON modules are typed here: parsed JSON, validated by shared/artifact at load time.
declare module '*.json' {
  const value: unknown;
  export default value;
}
