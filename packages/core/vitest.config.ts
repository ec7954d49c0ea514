import { defineProject } from 'vitest/config'

export default defineProject({
  // toBeNear: closed forms print both numbers when they fail
  test: { name: 'core', include: ['src/**/*.test.ts'], setupFiles: ['./src/to-be-near.test-helpers.ts'], testTimeout: 60_000 },
})
