// vega expressions under a strict CSP (no 'unsafe-eval'). vega compiles every expression of a
// spec (tooltips, scale domains, filters, zoom handlers) to JavaScript and runs it with
// `new Function`; the report's policy forbids that. vega's CSP-safe path is to parse the spec
// with `{ast: true}` and give the View an evaluator of the syntax trees (option `expr`; vega-embed
// passes both with `ast: true`; https://vega.github.io/vega/usage/interpreter).
//
// vega's own evaluator, vega-interpreter 2.3, walks the tree on every evaluation and builds a
// fresh function table with six closures for each one (interpret.js): a chart of 13,000 stacked
// points spent most of its drawing time there and in the garbage collector. This script is the
// same evaluator, compiled once per expression into nested closures (still no code from text):
// each node is resolved once (its operator, its constant, its property name, its function's
// name) and an evaluation only calls closures. Semantics are vega-interpreter's, node by node
// (Visitors in interpret.js, the tables in functions.js, constants.js, ops-*.js, the wrappers in
// expression.js, adjust-spatial.js), including its guards against reaching `Function`, `eval`
// and the timers, and against the properties of vega-util's DisallowedObjectProperties.
// expressions.test.ts evaluates generated expressions both ways (the slow twin) and draws every
// chart of the reports through this evaluator and through vega's code generator.
//
// One deliberate difference: `datetime` with a single number. vega's code generator writes
// `datetime(...)` as `new Date(...)`, so `datetime(1705366800000)` is that instant;
// vega-interpreter reads the number as a year (`new Date(1705366800000, 0, 1, ...)`: an invalid
// date). vega-lite writes every number given for a temporal field as `datetime(n)` (a scale
// domain, a datum, a predicate), so with the interpreter's meaning every time axis with a set
// domain was NaN. Here `datetime` has the code generator's meaning.
//
// Inline, after vega's bundle and before any chart is parsed, allowed by its sha256 like the
// report's other scripts; it defines the global `snapsimExpr`, which the page scripts give
// vega-embed as `expr`. Plain ES2020, kept as a string (Node runs it only in tests).

/** The global the script defines: the evaluator to pass as vega's `expr` option. */
export const EXPRESSION_EVALUATOR = 'snapsimExpr'

export const EXPRESSIONS_SCRIPT = String.raw`var ${EXPRESSION_EVALUATOR} = (function (vega) {
  'use strict';
  var DISALLOWED_PROPERTIES = vega.DisallowedObjectProperties;
  var DISALLOWED_METHODS = new Set([Function, eval, setTimeout, setInterval]);
  if (typeof setImmediate === 'function') DISALLOWED_METHODS.add(setImmediate);
  var EVENT_FUNCTIONS = ['view', 'item', 'group', 'xy', 'x', 'y'];

  var CONSTANTS = {
    NaN: NaN, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E,
    PI: Math.PI, SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2, MIN_VALUE: Number.MIN_VALUE, MAX_VALUE: Number.MAX_VALUE
  };
  var slice = Array.prototype.slice;
  function apply(m, args, cast) {
    var obj = cast ? cast(args[0]) : args[0];
    return obj[m].apply(obj, slice.call(args, 1));
  }
  var FUNCTIONS = {
    isNaN: Number.isNaN, isFinite: Number.isFinite, abs: Math.abs, acos: Math.acos, asin: Math.asin,
    atan: Math.atan, atan2: Math.atan2, ceil: Math.ceil, cos: Math.cos, exp: Math.exp, floor: Math.floor,
    hypot: Math.hypot, log: Math.log, max: Math.max, min: Math.min, pow: Math.pow, random: Math.random,
    round: Math.round, sin: Math.sin, sqrt: Math.sqrt, tan: Math.tan,
    clamp: function (a, b, c) { return Math.max(b, Math.min(c, a)); },
    now: Date.now, utc: Date.UTC,
    // the code generator's meaning (see above): new Date(...) with the arguments as given
    datetime: function () { return new Date(...arguments); },
    date: function (d) { return new Date(d).getDate(); },
    day: function (d) { return new Date(d).getDay(); },
    year: function (d) { return new Date(d).getFullYear(); },
    month: function (d) { return new Date(d).getMonth(); },
    hours: function (d) { return new Date(d).getHours(); },
    minutes: function (d) { return new Date(d).getMinutes(); },
    seconds: function (d) { return new Date(d).getSeconds(); },
    milliseconds: function (d) { return new Date(d).getMilliseconds(); },
    time: function (d) { return new Date(d).getTime(); },
    timezoneoffset: function (d) { return new Date(d).getTimezoneOffset(); },
    utcdate: function (d) { return new Date(d).getUTCDate(); },
    utcday: function (d) { return new Date(d).getUTCDay(); },
    utcyear: function (d) { return new Date(d).getUTCFullYear(); },
    utcmonth: function (d) { return new Date(d).getUTCMonth(); },
    utchours: function (d) { return new Date(d).getUTCHours(); },
    utcminutes: function (d) { return new Date(d).getUTCMinutes(); },
    utcseconds: function (d) { return new Date(d).getUTCSeconds(); },
    utcmilliseconds: function (d) { return new Date(d).getUTCMilliseconds(); },
    length: function (x) { return x.length; },
    join: function () { return apply('join', arguments); },
    indexof: function () { return apply('indexOf', arguments); },
    lastindexof: function () { return apply('lastIndexOf', arguments); },
    slice: function () { return apply('slice', arguments); },
    reverse: function (x) { return x.slice().reverse(); },
    sort: function (x) { return x.slice().sort(vega.ascending); },
    parseFloat: parseFloat, parseInt: parseInt,
    upper: function (x) { return String(x).toUpperCase(); },
    lower: function (x) { return String(x).toLowerCase(); },
    substring: function () { return apply('substring', arguments, String); },
    split: function () { return apply('split', arguments, String); },
    replace: function () { return apply('replace', arguments, String); },
    trim: function (x) { return String(x).trim(); },
    btoa: function (x) { return btoa(x); },
    atob: function (x) { return atob(x); },
    encodeURIComponent: function (x) { return encodeURIComponent(x); },
    regexp: RegExp,
    test: function (r, t) { return RegExp(r).test(t); }
  };

  // every closure takes (params, datum, event, item) and the expression's scope: its function
  // table, whose event functions read the event of the evaluation under way
  function thrower(message) { return function () { throw new TypeError(message); }; }

  function binary(op, l, r) {
    switch (op) {
      case '*': return function (p, d, e, i) { return l(p, d, e, i) * r(p, d, e, i); };
      case '+': return function (p, d, e, i) { return l(p, d, e, i) + r(p, d, e, i); };
      case '-': return function (p, d, e, i) { return l(p, d, e, i) - r(p, d, e, i); };
      case '/': return function (p, d, e, i) { return l(p, d, e, i) / r(p, d, e, i); };
      case '%': return function (p, d, e, i) { return l(p, d, e, i) % r(p, d, e, i); };
      case '>': return function (p, d, e, i) { return l(p, d, e, i) > r(p, d, e, i); };
      case '<': return function (p, d, e, i) { return l(p, d, e, i) < r(p, d, e, i); };
      case '<=': return function (p, d, e, i) { return l(p, d, e, i) <= r(p, d, e, i); };
      case '>=': return function (p, d, e, i) { return l(p, d, e, i) >= r(p, d, e, i); };
      case '==': return function (p, d, e, i) { return l(p, d, e, i) == r(p, d, e, i); };
      case '!=': return function (p, d, e, i) { return l(p, d, e, i) != r(p, d, e, i); };
      case '===': return function (p, d, e, i) { return l(p, d, e, i) === r(p, d, e, i); };
      case '!==': return function (p, d, e, i) { return l(p, d, e, i) !== r(p, d, e, i); };
      case '&': return function (p, d, e, i) { return l(p, d, e, i) & r(p, d, e, i); };
      case '|': return function (p, d, e, i) { return l(p, d, e, i) | r(p, d, e, i); };
      case '^': return function (p, d, e, i) { return l(p, d, e, i) ^ r(p, d, e, i); };
      case '<<': return function (p, d, e, i) { return l(p, d, e, i) << r(p, d, e, i); };
      case '>>': return function (p, d, e, i) { return l(p, d, e, i) >> r(p, d, e, i); };
      case '>>>': return function (p, d, e, i) { return l(p, d, e, i) >>> r(p, d, e, i); };
    }
    // as the interpreter: both sides are evaluated, then the missing operator fails
    return function (p, d, e, i) { l(p, d, e, i); r(p, d, e, i); throw new TypeError('unknown operator ' + op); };
  }

  function unary(op, a) {
    switch (op) {
      case '+': return function (p, d, e, i) { return +a(p, d, e, i); };
      case '-': return function (p, d, e, i) { return -a(p, d, e, i); };
      case '~': return function (p, d, e, i) { return ~a(p, d, e, i); };
      case '!': return function (p, d, e, i) { return !a(p, d, e, i); };
    }
    return function (p, d, e, i) { a(p, d, e, i); throw new TypeError('unknown operator ' + op); };
  }

  // a property name as the interpreter reads it below a member or in an object's key:
  // an identifier is its name, a literal its value
  function nameOf(n) { return n.type === 'Identifier' ? n.name : n.value; }

  function compile(n, scope) {
    if (!n) return thrower('missing expression');
    switch (n.type) {
      case 'Literal': {
        var value = n.value;
        if (n.regex && value && (value.global || value.sticky)) {
          // a global or sticky regexp carries lastIndex across calls: a fresh one each time
          var pattern = n.regex.pattern, flags = n.regex.flags;
          return function () { return new RegExp(pattern, flags); };
        }
        return function () { return value; };
      }
      case 'Identifier': {
        var id = n.name;
        if (id === 'datum') return function (p, d) { return d; };
        if (id === 'event') return function (p, d, e) { return e; };
        if (id === 'item') return function (p, d, e, i) { return i; };
        var constant = CONSTANTS[id];
        if (constant) return function () { return constant; };
        var key = '$' + id;
        return function (p) { return p[key]; };
      }
      case 'MemberExpression': {
        var object = compile(n.object, scope);
        var guard = function (v, name) {
          if (DISALLOWED_METHODS.has(v)) {
            console.error('Prevented interpretation of member "' + name + '" which could lead to insecure code execution');
            return undefined;
          }
          return v;
        };
        if (!n.computed) {
          var prop = nameOf(n.property);
          return function (p, d, e, i) { return guard(object(p, d, e, i)[prop], prop); };
        }
        var property = compile(n.property, scope);
        return function (p, d, e, i) { var o = object(p, d, e, i), k = property(p, d, e, i); return guard(o[k], k); };
      }
      case 'CallExpression': {
        var name = n.callee && n.callee.name;
        // (a method call, callee not a name: the interpreter fails when it is evaluated)
        if (typeof name !== 'string') return thrower('illegal callee');
        if (name.startsWith('_')) name = name.slice(1);
        var args = n.arguments.map(function (a) { return compile(a, scope); });
        if (name === 'if') {
          var test = args[0] || thrower('missing argument'), yes = args[1] || thrower('missing argument'), no = args[2] || thrower('missing argument');
          return function (p, d, e, i) { return test(p, d, e, i) ? yes(p, d, e, i) : no(p, d, e, i); };
        }
        var fn = scope.fn;
        var lookup = function () {
          var f = fn[name] || FUNCTIONS[name];
          if (typeof f !== 'function') throw new TypeError(name + ' is not a function');
          return f;
        };
        switch (args.length) {
          case 0: return function () { return lookup().call(fn); };
          case 1: { var a0 = args[0]; return function (p, d, e, i) { return lookup().call(fn, a0(p, d, e, i)); }; }
          case 2: { var b0 = args[0], b1 = args[1]; return function (p, d, e, i) { var f = lookup(); return f.call(fn, b0(p, d, e, i), b1(p, d, e, i)); }; }
          case 3: { var c0 = args[0], c1 = args[1], c2 = args[2]; return function (p, d, e, i) { var f = lookup(); return f.call(fn, c0(p, d, e, i), c1(p, d, e, i), c2(p, d, e, i)); }; }
        }
        return function (p, d, e, i) {
          var f = lookup(), values = new Array(args.length);
          for (var k = 0; k < args.length; k++) values[k] = args[k](p, d, e, i);
          return f.apply(fn, values);
        };
      }
      case 'ArrayExpression': {
        var elements = n.elements.map(function (a) { return compile(a, scope); });
        return function (p, d, e, i) {
          var out = new Array(elements.length);
          for (var k = 0; k < elements.length; k++) out[k] = elements[k](p, d, e, i);
          return out;
        };
      }
      case 'BinaryExpression': return binary(n.operator, compile(n.left, scope), compile(n.right, scope));
      case 'UnaryExpression': return unary(n.operator, compile(n.argument, scope));
      case 'ConditionalExpression': {
        var t = compile(n.test, scope), y = compile(n.consequent, scope), z = compile(n.alternate, scope);
        return function (p, d, e, i) { return t(p, d, e, i) ? y(p, d, e, i) : z(p, d, e, i); };
      }
      case 'LogicalExpression': {
        var l = compile(n.left, scope), r = compile(n.right, scope);
        return n.operator === '&&'
          ? function (p, d, e, i) { return l(p, d, e, i) && r(p, d, e, i); }
          : function (p, d, e, i) { return l(p, d, e, i) || r(p, d, e, i); };
      }
      case 'ObjectExpression': {
        var keys = n.properties.map(function (q) { return nameOf(q.key); });
        var values = n.properties.map(function (q) { return compile(q.value, scope); });
        return function (p, d, e, i) {
          var o = {};
          for (var k = 0; k < keys.length; k++) {
            var v = values[k](p, d, e, i);
            if (DISALLOWED_PROPERTIES.has(keys[k])) {
              console.error('Prevented interpretation of property "' + keys[k] + '" which could lead to insecure code execution');
            } else if (DISALLOWED_METHODS.has(v)) {
              console.error('Prevented interpretation of method "' + keys[k] + '" which could lead to insecure code execution');
            } else {
              o[keys[k]] = v;
            }
          }
          return o;
        };
      }
    }
    return thrower('unknown expression node ' + n.type);
  }

  // one expression: its closures and its scope; vega's functions see the scope as 'this' (their
  // context is on its prototype), the event functions ask the event of the evaluation under way
  function expression(ctx, ast) {
    var scope = { fn: Object.create(ctx.functions), event: undefined };
    EVENT_FUNCTIONS.forEach(function (f) {
      scope.fn[f] = function () { var v = scope.event.vega; return v[f].apply(v, arguments); };
    });
    return { run: compile(ast, scope), scope: scope };
  }

  function adjustSpatial(item, encode, swap) {
    var t;
    if (encode.x2) {
      if (encode.x) {
        if (swap && item.x > item.x2) { t = item.x; item.x = item.x2; item.x2 = t; }
        item.width = item.x2 - item.x;
      } else {
        item.x = item.x2 - (item.width || 0);
      }
    }
    if (encode.xc) item.x = item.xc - (item.width || 0) / 2;
    if (encode.y2) {
      if (encode.y) {
        if (swap && item.y > item.y2) { t = item.y; item.y = item.y2; item.y2 = t; }
        item.height = item.y2 - item.y;
      } else {
        item.y = item.y2 - (item.height || 0);
      }
    }
    if (encode.yc) item.y = item.yc - (item.height || 0) / 2;
  }

  return {
    operator: function (ctx, expr) {
      var run = expression(ctx, expr.ast).run;
      return function (_) { return run(_, undefined, undefined, undefined); };
    },
    parameter: function (ctx, expr) {
      var run = expression(ctx, expr.ast).run;
      return function (datum, _) { return run(_, datum, undefined, undefined); };
    },
    event: function (ctx, expr) {
      var x = expression(ctx, expr.ast), run = x.run, scope = x.scope;
      return function (event) {
        var before = scope.event;
        scope.event = event;
        try { return run(undefined, undefined, event, undefined); } finally { scope.event = before; }
      };
    },
    handler: function (ctx, expr) {
      var x = expression(ctx, expr.ast), run = x.run, scope = x.scope;
      return function (_, event) {
        var datum = event.item && event.item.datum, before = scope.event;
        scope.event = event;
        try { return run(_, datum, event, undefined); } finally { scope.event = before; }
      };
    },
    encode: function (ctx, encode) {
      var marktype = encode.marktype, channels = encode.channels;
      var swap = marktype === 'group' || marktype === 'image' || marktype === 'rect';
      var names = [], runs = [];
      for (var name in channels) { names.push(name); runs.push(expression(ctx, channels[name].ast).run); }
      return function (item, _) {
        var datum = item.datum, m = 0, v;
        for (var k = 0; k < names.length; k++) {
          v = runs[k](_, datum, undefined, item);
          if (item[names[k]] !== v) { item[names[k]] = v; m = 1; }
        }
        if (marktype !== 'rule') adjustSpatial(item, channels, swap);
        return m;
      };
    }
  };
})(vega);`
