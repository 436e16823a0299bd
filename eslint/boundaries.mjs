// The import arrows of docs/architecture.md, enforced. One config block per room; the rooms' file globs do not
// overlap, because a later block's `no-restricted-imports` would replace an earlier one's, not add to it.
// Imported by eslint.config.mjs and proven by tests/lint/boundaries.test.ts (docs/decisions/035-enforced-boundaries.md).
//
// A room is matched in the forms an import can take: the alias (`@/lib/db/client`) and a relative path that climbs
// to it (`../db/client` from lib/*, `../../lib/db/client` from app/ or components/). Besides static imports and
// re-exports (no-restricted-imports), `import("…")` and the type form `typeof import("…")` are caught by
// no-restricted-syntax, so a component cannot reach a query's row type through `ReturnType<typeof import(…)>`.

/**
 * An import of the lib/<room> folder (or file), by alias or by a relative path. From inside lib/ a climb reaches it
 * as `../db`; from app/ or components/ only through `lib/` (`../../lib/db`), so `../auth/sign-in-form` in
 * components/ (components/auth) is not mistaken for lib/auth.
 */
const lib = (room) => `^(?:@/lib/|(?:\\.\\./)+lib/)${room}(?:\\.tsx?)?(?:/|$)`;
const libFromInside = (room) => `^(?:@/lib/|(?:\\.\\./)+(?:lib/)?)${room}(?:\\.tsx?)?(?:/|$)`;

const see = "See docs/architecture.md.";

/** What a room may not import, and why, in the words the developer will read. `inside`: the room is in lib/. */
const folder = (name) => (why, inside = true) => ({ regex: (inside ? libFromInside : lib)(name), message: `${why} ${see}` });
const forbid = {
  db: folder("db"),
  generated: folder("generated"),
  prisma: (why) => ({ regex: "^@prisma/", message: `${why} ${see}` }),
  auth: folder("auth"),
  actions: folder("actions"),
  views: folder("views"),
  domain: folder("domain"),
  schemas: folder("schemas"),
  clock: folder("clock"),
};

// Anything that reaches outside the process or into a framework: the pure rooms (lib/rules, lib/domain) import none.
const IO_MODULES = [
  "^(?:next|react|react-dom|server-only|pg|pglite-prisma-adapter)(?:/|$)",
  "^@(?:prisma|electric-sql|node-rs|next)/",
  "^node:",
  "^(?:fs|path|os|child_process|http|https|http2|net|tls|dns|dgram|crypto|worker_threads|cluster|process|timers|readline|zlib|stream)(?:/|$)",
];

const pureWhy = (room) => `${room} is pure: no I/O, no framework, no database, no session, no clock — take what it needs as arguments.`;

function pureIo(room) {
  return IO_MODULES.map((regex) => ({ regex, message: `${pureWhy(room)} ${see}` }));
}

/** The pure rooms never read the clock, the environment, randomness or browser globals. */
const PURE_SYNTAX = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "The engine never reads the clock: take `now` from the request." },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "The engine never reads the clock: take `now` from the request." },
  { selector: "MemberExpression[object.name='process']", message: "The engine never reads the environment." },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "The engine is deterministic." },
];

const SEALED = `lib/rules is the sealed engine: it imports nothing of the app (only itself, zod and pure libraries). ${see}`;

const rooms = [
  {
    name: "components",
    files: ["components/**/*.ts", "components/**/*.tsx"],
    restrictions: (() => {
      const why = "components render view models (lib/views) and engine types (lib/rules); lib/db, lib/auth, generated Prisma types and @prisma/* are server-only.";
      return [forbid.db(why, false), forbid.generated(why, false), forbid.auth(why, false), forbid.prisma(why)];
    })(),
  },
  {
    name: "app",
    files: ["app/**/*.ts", "app/**/*.tsx"],
    restrictions: (() => {
      const why = "app reads through lib/db/queries, which return view models: generated Prisma types and @prisma/* stay in lib/db and lib/actions.";
      return [forbid.generated(why, false), forbid.prisma(why)];
    })(),
  },
  {
    name: "lib/views",
    files: ["lib/views/**/*.ts"],
    restrictions: (() => {
      const why = "lib/views holds plain types the queries return and the components take: nothing server-side.";
      return [forbid.db(why), forbid.generated(why), forbid.prisma(why), forbid.auth(why), forbid.actions(why)];
    })(),
  },
  {
    // Shared by client forms and server actions, so they must be safe in the browser: this also keeps components
    // from reaching lib/db or lib/auth through a schema.
    name: "lib/schemas",
    files: ["lib/schemas/**/*.ts"],
    restrictions: (() => {
      const why = "lib/schemas is shared by client forms and server actions: it must not pull in server code.";
      return [forbid.db(why), forbid.generated(why), forbid.prisma(why), forbid.auth(why), forbid.actions(why)];
    })(),
  },
  {
    name: "lib/auth",
    files: ["lib/auth/**/*.ts"],
    restrictions: [
      forbid.actions("lib/auth sits below lib/actions: the refusal type it throws lives in lib/refusal.ts, which both may import."),
    ],
  },
  {
    name: "lib/db",
    files: ["lib/db/**/*.ts"],
    restrictions: (() => {
      const why = "lib/db sits below lib/auth and lib/actions: queries take `unitIds`, not a session, and return views.";
      return [forbid.auth(why), forbid.actions(why)];
    })(),
  },
  {
    name: "lib/domain",
    files: ["lib/domain/**/*.ts"],
    pure: true,
    restrictions: (() => {
      const why = pureWhy("lib/domain");
      return [
        ...pureIo("lib/domain"),
        forbid.db(why), forbid.generated(why), forbid.auth(why), forbid.actions(why),
        forbid.clock("lib/domain never reads the clock: take `now` as an argument (lib/clock.ts is for server code)."),
        // docs/decisions/035-enforced-boundaries.md: the domain defines its result types; lib/views may re-export or
        // compose them. An arrow back (even type-only) would let a screen's shape change a clinical rule.
        forbid.views("lib/domain does not import lib/views (not even types): define the fact types in lib/domain; lib/views imports them."),
        forbid.schemas("lib/domain does not import lib/schemas: schemas parse forms and import the domain, not the other way."),
      ];
    })(),
  },
  {
    name: "lib/rules",
    files: ["lib/rules/**/*.ts"],
    pure: true,
    restrictions: [
      ...pureIo("lib/rules"),
      // by alias: anything of the app outside lib/rules; by a relative climb: the app's folders beside it
      { regex: "^@/(?!lib/rules(?:/|$))", message: SEALED },
      { regex: "^(?:\\.\\./)+(?:lib/)?(?:db|generated|auth|actions|views|domain|schemas|clock|format|time|refusal)(?:\\.tsx?)?(?:/|$)", message: SEALED },
    ],
  },
];

/** `import("…")` and `typeof import("…")` for the same restrictions (no-restricted-imports sees neither). */
function dynamicImportSelectors(restrictions) {
  return restrictions.flatMap(({ regex, message }) => {
    const re = `/${regex.replaceAll("/", "\\/")}/`;
    return [
      { selector: `ImportExpression > Literal.source[value=${re}]`, message },
      { selector: `TSImportType > Literal[value=${re}]`, message },
    ];
  });
}

/** The flat-config blocks, one per room. */
export const boundaries = rooms.map((room) => ({
  name: `boundaries/${room.name}`,
  files: room.files,
  rules: {
    "no-restricted-imports": ["error", { patterns: room.restrictions }],
    "no-restricted-syntax": ["error", ...(room.pure ? PURE_SYNTAX : []), ...dynamicImportSelectors(room.restrictions)],
    ...(room.pure ? { "no-restricted-globals": ["error", "fetch", "localStorage", "sessionStorage", "window", "document"] } : {}),
  },
}));
