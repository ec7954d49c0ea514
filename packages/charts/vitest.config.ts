import { defineProject } from 'vitest/config'

export default defineProject({
  // Rendering through vega and resvg takes seconds on a machine shared by many test runs: the
  // default 5 s timeout failed tests that pass (6.5 s and 9 s under a load average of 24).
  test: { name: 'charts', include: ['src/**/*.test.ts'], testTimeout: 30_000 },
})
