// Escaping for the HTML report.

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
