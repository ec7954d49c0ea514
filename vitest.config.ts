import { defineConfig } from 'vitest/config'

// One root config; every package is a project so `vitest run` at the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
})
