import { describe, expect, it } from 'vitest'
import { riskToldSection } from './risk-told.ts'

/** HTML text back to characters (numeric and the five named references). */
const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!,
  )

describe('the risk in words in the report', () => {
  it('escapes every value: language, heading and each sentence', () => {
    const lang = '"><script>x</script>'
    const heading = '<h1>&'
    const sentences = ['In 3 of 4 <b>replications</b> “ds” fills.', "it's"]
    const html = riskToldSection({ lang, heading, sentences })
    expect(html).not.toMatch(/<script|<b>|<h1>/)
    const m = /^<section id="risk-told" lang="([^"]*)"><h2>([^<]*)<\/h2>\n<ul>\n<li>([^<]*)<\/li>\n<li>([^<]*)<\/li>\n<\/ul>\n<\/section>$/.exec(html)
    expect(m).not.toBeNull()
    expect(m!.slice(1).map(decode)).toEqual([lang, heading, ...sentences])
  })
})
