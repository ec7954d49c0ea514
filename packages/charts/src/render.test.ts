// Headless rendering: SVG with marks and text, PNG with the PNG signature and the font drawn.

import { describe, expect, it } from 'vitest'
import { Resvg } from '@resvg/resvg-js'
import { allSpecs, charts, toPng, toSvg } from './index.ts'
import { ctx, fillingResult, overlapResult } from './fixtures.test-helpers.ts'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

describe('toSvg', () => {
  it('renders every chart with marks and text', async () => {
    const specs = allSpecs(overlapResult(), ctx)
    for (const { id } of charts) {
      const svg = await toSvg(specs[id])
      expect(svg.startsWith('<svg'), id).toBe(true)
      expect((svg.match(/<path/g) ?? []).length, id).toBeGreaterThan(0)
      expect((svg.match(/<text/g) ?? []).length, id).toBeGreaterThan(5)
    }
  })

  it('writes the titles, the level labels and the full label as text', async () => {
    const svg = await toSvg(allSpecs(fillingResult(), ctx).use)
    expect(svg).toContain('Datastore ds: use over time')
    expect(svg).toContain('capacity 100 GiB')
    expect(svg).toContain('warning 75 %')
    expect(svg).toContain('full: Mon 15 Jan 11:00')
    expect(svg).toContain('used (GiB)')
  })

  it('escapes hostile ids in SVG text', async () => {
    const svg = await toSvg(allSpecs(fillingResult('<b>vm&"x"</b>', '<i>ds</i>'), ctx).states)
    expect(svg).not.toContain('<b>')
    expect(svg).toContain('&lt;b&gt;vm&amp;')
  })
})

describe('toPng', () => {
  it('rasterises with the PNG signature, at the requested scale', async () => {
    const svg = await toSvg(allSpecs(fillingResult(), ctx).use)
    const png = toPng(svg, { scale: 1 })
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE)
    expect(png.length).toBeGreaterThan(5000)
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16)
    const svgWidth = Number(/width="(\d+)"/.exec(svg)![1])
    expect(width).toBe(svgWidth)
    expect(new DataView(toPng(svg).buffer, 0).getUint32(16)).toBe(2 * svgWidth)
  })

  it('draws text with the shipped font (without one resvg silently drops it)', async () => {
    const svg = await toSvg(allSpecs(fillingResult(), ctx).use)
    const withText = toPng(svg, { scale: 1 })
    // the same picture with every text element removed must differ: the text was drawn
    const noText = new Resvg(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { fitTo: { mode: 'zoom', value: 1 }, background: 'white', font: { loadSystemFonts: false } })
      .render()
      .asPng()
    expect(Buffer.compare(Buffer.from(withText), Buffer.from(noText))).not.toBe(0)
    // and with no font loaded at all, resvg's output equals the text-less one
    const noFont = new Resvg(svg, { fitTo: { mode: 'zoom', value: 1 }, background: 'white', font: { loadSystemFonts: false } }).render().asPng()
    expect(Buffer.compare(Buffer.from(noFont), Buffer.from(noText))).toBe(0)
  })
})
