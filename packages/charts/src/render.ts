// Rendering without a browser: SVG through vega's headless View, PNG through resvg with the
// DejaVu Sans font shipped by the dejavu-fonts-ttf package (resvg draws no text without a font).

import { createRequire } from 'node:module'
import path from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import * as vega from 'vega'
import { toVega } from './compile.ts'
import { FONT_FAMILY } from './theme.ts'
import type { TopLevelSpec } from './vl.ts'

const require = createRequire(import.meta.url)

/** Absolute paths of the TTF files handed to resvg (regular and bold). */
export function fontFiles(): string[] {
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  return [path.join(dir, 'DejaVuSans.ttf'), path.join(dir, 'DejaVuSans-Bold.ttf')]
}

/** Renders a vega-lite spec to an SVG document (no browser, no network). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(toVega(spec).spec), { renderer: 'none', logLevel: vega.Error })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

export interface PngOptions {
  /** Pixel ratio (default 2: sharp on high-density screens and in print). */
  readonly scale?: number
}

/** Rasterises an SVG (from `toSvg`) to PNG bytes with the shipped font. */
export function toPng(svg: string, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
  })
  return resvg.render().asPng()
}
