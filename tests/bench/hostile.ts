/**
 * Pathological markdown shapes (deep nesting, long runs, unmatched delimiters) that a careless parser handles in
 * quadratic time or with unbounded recursion. `make(1)` is the size the unit test renders
 * (tests/unit/markdown-security.test.ts, which checks they neither crash nor escape the allow-list); the benchmark
 * (tests/bench/hostile-render.ts) times them at growing scales and prints how the time grows.
 */
export interface HostileShape {
  name: string;
  /** The text at `scale` × the unit test's size (for nested lists: levels; elsewhere: repetitions). */
  make(scale: number): string;
}

const nestedList = (levels: number): string =>
  Array.from({ length: levels }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n');

export const HOSTILE_SHAPES: readonly HostileShape[] = [
  { name: 'deep quotes', make: (s) => `${'>'.repeat(20_000 * s)} x` },
  { name: 'deep lists', make: (s) => nestedList(300 * s) },
  { name: 'deep emphasis', make: (s) => `${'*a '.repeat(20_000 * s)}b${' c*'.repeat(20_000 * s)}` },
  { name: 'nested brackets', make: (s) => `${'['.repeat(20_000 * s)}x${']'.repeat(20_000 * s)}` },
  { name: 'long space runs', make: (s) => `# a${' '.repeat(150_000 * s)}b\n\nx${' '.repeat(150_000 * s)}y\nz` },
  { name: 'unmatched backticks', make: (s) => ' a `` b ` c ```'.repeat(5_000 * s) },
  { name: 'unclosed links', make: (s) => '[a](b '.repeat(10_000 * s) },
  { name: 'many bare URLs', make: (s) => 'https://x https://a.b/( '.repeat(5_000 * s) },
];
