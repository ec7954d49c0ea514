// Escaping for the HTML report, and its Content-Security-Policy.

import { createHash } from 'node:crypto'

/**
 * Text for HTML element content and quoted attribute values. Any value is turned into text
 * first, so a number field that holds a string (a tampered result.json) is escaped as well.
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * JSON for a `<script type="application/json">` element (or a script expression): `<`, `>` and
 * `&` become \u escapes, so no "</script>" or "<!--" can end or confuse the element; U+2028/9 too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Third-party JavaScript to inline in a <script> element: no "</script" or "<!--" survives. */
export function scriptText(code: string): string {
  return code
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--')
    .replace(/\/\/# sourceMappingURL=\S+/g, '')
}

/**
 * Where a document puts its policy: `<meta http-equiv="Content-Security-Policy" content="${CSP_SLOT}">`
 * in the head, before any text of the document; `withContentSecurityPolicy` fills the first one.
 */
export const CSP_SLOT = '%%snapsim-content-security-policy%%'

// Inline script elements the browser runs: every <script> but data blocks (type="application/json").
// Every text the report shows is escaped and every inlined script passed through scriptText, so
// "<script" and "</script" in the document are the report's own elements.
const SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/g

/** The sha256 source expressions ('sha256-…') of the inline scripts of an HTML document. */
export function scriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const m of html.matchAll(SCRIPT)) {
    if (/\btype\s*=\s*["']?application\/json/i.test(m[1] ?? '')) continue
    hashes.add(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`)
  }
  return [...hashes]
}

/**
 * The report's policy: no network, and only the inline scripts the report itself wrote (by
 * their sha256; CSP level 2), so an injected `<script>` or `onerror=` attribute does not run even
 * if some value escaped escaping. No 'unsafe-eval': the charts' expressions are interpreted
 * (vega-embed's `ast: true`, expressions.ts), nothing is compiled from text. Styles stay
 * inline ('unsafe-inline' for style only): vega-embed adds a style element.
 */
export function contentSecurityPolicy(html: string, options: CspOptions = {}): string {
  const scripts = scriptHashes(html)
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    // the what-if panel's engine runs in a Web Worker the page starts from a blob: URL it made
    ...(options.worker ? ['worker-src blob:'] : []),
  ].join('; ')
}

export interface CspOptions {
  /** The document starts a Web Worker from a blob: URL (the what-if panel): `worker-src blob:`, nothing wider. */
  readonly worker?: boolean
}

/** The document with its CSP slot filled with the policy computed from its own inline scripts. */
export function withContentSecurityPolicy(html: string, options: CspOptions = {}): string {
  const at = html.indexOf(CSP_SLOT)
  if (at < 0) throw new Error('the document has no Content-Security-Policy slot')
  return `${html.slice(0, at)}${contentSecurityPolicy(html, options)}${html.slice(at + CSP_SLOT.length)}`
}

/**
 * A page's start up to and with `<body>`: its Content-Security-Policy (written as given: a
 * policy or `CSP_SLOT`), its title (escaped) and its style sheet. The report's page and the
 * comparison page share it; their policies differ.
 */
export function documentHead(head: { readonly csp: string; readonly title: string; readonly style: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${head.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(head.title)}</title>
<style>${head.style}</style>
</head>
<body>`
}
