// vega expressions under a strict CSP (no 'unsafe-eval'). vega compiles every expression of a
// spec (tooltips, scale domains, filters, zoom handlers) to JavaScript and runs it with
// `new Function`; the report's policy forbids that. vega's CSP-safe path is its interpreter:
// the spec is parsed with `{ast: true}` and the View evaluates the syntax trees with
// vega-interpreter (vega-embed's option `ast: true` does both, with the interpreter it bundles;
// https://vega.github.io/vega/usage/interpreter).
//
// The interpreter and the code generator disagree on one function the charts reach: `datetime`
// with a single number. The code generator writes `datetime(...)` as `new Date(...)`, so
// `datetime(1705366800000)` is that instant; vega-interpreter 2.3 reads the number as a year
// (`new Date(1705366800000, 0, 1, 0, 0, 0, 0)`: an invalid date). vega-lite writes every
// number given for a temporal field as `datetime(n)` (channeldef.ts valueExpr: a scale domain,
// a datum, a predicate), so under the interpreter every time axis with a set domain had a NaN
// domain: nothing was drawn where the pointer was (no tooltips) and the narration's rule had no
// x. This script registers `datetime` with the code generator's meaning as an expression
// function (`vega.expressionFunction`, vega's documented extension point), which the
// interpreter looks up before its own table; the code generator then calls it too, so both
// paths agree (expressions.test.ts renders every chart both ways and compares).
//
// Inline, after vega's bundle and before any chart is parsed; allowed by its sha256 like the
// report's other scripts. Plain ES2020, kept as a string (Node runs it only in the test).

export const EXPRESSIONS_SCRIPT = `(function () {
  'use strict';
  // datetime(...) means new Date(...), as vega's code generator writes it
  vega.expressionFunction('datetime', function () { return new Date(...arguments); });
})();`
