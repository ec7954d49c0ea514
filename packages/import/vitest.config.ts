import { defineProject } from 'vitest/config'

// Generating and reading workbooks takes seconds on a loaded machine: a generous timeout, so a
// busy CI runner does not fail a test that asserts no time.
export default defineProject({
  test: { name: 'import', include: ['src/**/*.test.ts'], testTimeout: 120_000 },
})
