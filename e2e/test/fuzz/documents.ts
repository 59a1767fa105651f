import fc from "fast-check";
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

/**
 * Grammar-based GraphQL requests for fuzzing the router: documents made of the schema's real
 * fields and arguments, with random aliases, inline and named fragments, variables (declared with
 * the right type or a wrong one, given right, wrong or no values), @skip/@include with literals
 * or variables, several operations and any operationName. Mostly valid, so that requests get past
 * validation into authorization, planning and the subgraphs; sometimes not, on purpose.
 */

type Gen = fc.GeneratorValue;

/**
 * True about once in `n` draws: how often each deliberate mistake is made. Unbiased: fast-check's
 * default bias towards bounds would make every rare mistake common.
 */
const oneIn = (g: Gen, n: number): boolean => g(() => fc.noBias(fc.integer({ min: 1, max: n }))) === 1;

export interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** An enum value in a literal (bare name) or in variables (its name as a string). */
class EnumLiteral {
  constructor(readonly name: string) {}
}

const NAMES = ["a", "b", "x1", "node", "id", "edges", "_u", "products", "me", "totalCount"];

/** Text that tends to break things: controls, NUL, bidi overrides, lone surrogates, long runs, SQL and regex characters. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\u202Eevil",
    "\uD800",
    "\uDC00x",
    "e\u0301",
    "%",
    "_",
    "\\",
    "'; drop table products; --",
    "(",
    "*",
    "a".repeat(300),
    "🙂",
    "US",
    "usd",
    "4242424242424242",
  ),
);

function scalarValue(g: Gen, name: string): unknown {
  switch (name) {
    case "Int":
      return g(() =>
        fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: -5, max: 200 }) },
          { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 1e12) },
        ),
      );
    case "Float":
      return g(() => fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()));
    case "Boolean":
      return g(() => fc.boolean());
    case "ID":
      return g(() => fc.oneof(nastyString, fc.uuid(), fc.integer({ min: 0, max: 1000 }), fc.constantFrom("prd_1", "cat_1", "0")));
    default:
      // String and custom scalars (dates, JSON-like): strings mostly, anything sometimes.
      return oneIn(g, 30) ? g(() => fc.integer()) : g(() => nastyString);
  }
}

/** Any value at all, of no particular type: the "wrong type" case. */
function anyValue(g: Gen): unknown {
  return g(() =>
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      nastyString,
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom("a", "id", "amount", "currency", "first"), fc.integer(), { maxKeys: 2 }),
      fc.constantFrom(new EnumLiteral("ACTIVE"), new EnumLiteral("NOPE")),
    ),
  );
}

/** A value for `type`: right (mostly), or with a wrong part somewhere. */
export function inputValue(g: Gen, type: GraphQLInputType, depth = 0): unknown {
  if (oneIn(g, 40)) return anyValue(g);
  if (isNonNullType(type)) return inputValue(g, type.ofType, depth);
  if (isListType(type)) {
    if (g(() => fc.boolean())) return inputValue(g, type.ofType, depth + 1); // list input coercion
    const length = g(() => fc.integer({ min: 0, max: depth > 1 ? 1 : 3 }));
    return Array.from({ length }, () => inputValue(g, type.ofType, depth + 1));
  }
  if (isScalarType(type)) return scalarValue(g, type.name);
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return new EnumLiteral(
      g(() => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom("UNKNOWN", "asc") })),
    );
  }
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    if (depth > 3) return value;
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) || g(() => fc.boolean())) value[field.name] = inputValue(g, field.type, depth + 1);
    }
    if (oneIn(g, 40)) value.unknownField = 1;
    return value;
  }
  return null;
}

/** A GraphQL literal of a value, as a client would write it in a document. */
export function printLiteral(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof EnumLiteral) return value.name;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "0";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(printLiteral).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${printLiteral(v)}`)
    .join(", ")}}`;
}

/** The JSON form of a value for the request's `variables`. */
function toJson(value: unknown): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

const typeString = (type: GraphQLInputType): string => String(type);

interface OperationState {
  variables: Map<string, { declared: string; value: unknown; given: boolean; defaultValue?: string }>;
  fragments: Map<string, string>;
  schema: GraphQLSchema;
  /** Variable names are unique across the request's operations (fragments may use them). */
  counter: { next: number };
}

function variableFor(g: Gen, state: OperationState, type: GraphQLInputType): string {
  const name = `v${state.counter.next++}`;
  const declaredRight = !oneIn(g, 30);
  const wrongTypes = ["String", "Int", "Boolean", "ID!", "[String]", "Float!", "NoSuchType"];
  const declared = declaredRight ? typeString(type) : g(() => fc.constantFrom(...wrongTypes));
  const mode = g(() => fc.noBias(fc.integer({ min: 0, max: 19 })));
  // 0: not given (a required one then fails), 1: given null, 2-3: with a default, else given.
  const given = mode !== 0 && mode !== 2;
  const value = mode === 1 ? null : inputValue(g, type);
  const defaultValue = mode === 2 || mode === 3 ? printLiteral(inputValue(g, type)) : undefined;
  state.variables.set(name, { declared, value, given, defaultValue });
  return `$${name}`;
}

function argumentsOf(g: Gen, state: OperationState, args: readonly GraphQLArgument[]): string {
  const parts: string[] = [];
  for (const arg of args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    // Leaving a required argument out is a validation error: rarely.
    if (required ? oneIn(g, 60) : g(() => fc.boolean())) continue;
    const asVariable = g(() => fc.integer({ min: 0, max: 2 })) === 0;
    parts.push(`${arg.name}: ${asVariable ? variableFor(g, state, arg.type) : printLiteral(inputValue(g, arg.type))}`);
  }
  if (oneIn(g, 150)) parts.push(`noSuchArgument: 1`);
  return parts.length ? `(${parts.join(", ")})` : "";
}

function directivesOf(g: Gen, state: OperationState): string {
  const count = g(() =>
    fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }),
  );
  const parts: string[] = [];
  const first = g(() => fc.constantFrom("skip", "include"));
  for (let i = 0; i < count; i++) {
    // The same directive twice on one selection is invalid: rarely.
    const name = i === 0 ? first : oneIn(g, 20) ? first : first === "skip" ? "include" : "skip";
    const condition =
      g(() => fc.integer({ min: 0, max: 2 })) === 0 ? "true" : g(() => fc.boolean()) ? "false" : variableOfBoolean(g, state);
    parts.push(`@${name}(if: ${condition})`);
  }
  if (oneIn(g, 300)) parts.push("@deprecated");
  return parts.length ? ` ${parts.join(" ")}` : "";
}

function variableOfBoolean(g: Gen, state: OperationState): string {
  const name = `v${state.counter.next++}`;
  const mode = g(() => fc.noBias(fc.integer({ min: 0, max: 5 })));
  state.variables.set(name, {
    // A nullable Boolean fits `if: Boolean!` only with a default.
    declared: mode === 5 && oneIn(g, 4) ? "String" : mode === 3 ? "Boolean" : "Boolean!",
    value: mode === 4 && oneIn(g, 4) ? "yes" : g(() => fc.boolean()),
    given: mode !== 0 || oneIn(g, 4),
    defaultValue: mode === 3 ? "true" : undefined,
  });
  return `$${name}`;
}

function possibleTypes(schema: GraphQLSchema, type: GraphQLCompositeType): readonly GraphQLObjectType[] {
  return isObjectType(type) ? [type] : schema.getPossibleTypes(type);
}

function selectionSet(g: Gen, state: OperationState, type: GraphQLCompositeType, depth: number): string {
  const count = g(() => fc.integer({ min: 1, max: depth === 0 ? 3 : 2 }));
  const selections: string[] = [];
  for (let i = 0; i < count; i++) selections.push(selection(g, state, type, depth));
  return `{ ${selections.join(" ")} }`;
}

function selection(g: Gen, state: OperationState, type: GraphQLCompositeType, depth: number): string {
  const kind = g(() => fc.integer({ min: 0, max: 11 }));
  if (kind === 0 || (isUnionType(type) && kind < 6)) {
    // An inline fragment, on a possible type (or none, or an unrelated one: invalid).
    const candidates = possibleTypes(state.schema, type);
    const condition = oneIn(g, 40) ? "Query" : g(() => fc.constantFrom(...candidates.map((t) => t.name), type.name));
    const conditionType = state.schema.getType(condition);
    const target = conditionType && isCompositeType(conditionType) ? conditionType : type;
    const onType = g(() => fc.integer({ min: 0, max: 4 })) === 0 ? "" : ` on ${condition}`;
    return `...${onType}${directivesOf(g, state)} ${selectionSet(g, state, onType ? target : type, depth + 1)}`;
  }
  if (kind === 1 && depth < 3) {
    // A named fragment, defined once per document and possibly spread again.
    const existing = [...state.fragments.keys()].filter((f) => f.endsWith(`_${type.name}`));
    const name = existing.length && g(() => fc.boolean()) ? g(() => fc.constantFrom(...existing)) : `F${state.fragments.size}_${type.name}`;
    if (!state.fragments.has(name)) {
      state.fragments.set(name, "");
      state.fragments.set(name, `fragment ${name} on ${type.name} ${selectionSet(g, state, type, depth + 1)}`);
    }
    return `...${name}${directivesOf(g, state)}`;
  }
  if (isUnionType(type)) return "__typename";
  return field(g, state, type, depth);
}

function field(g: Gen, state: OperationState, type: GraphQLObjectType | GraphQLInterfaceType, depth: number): string {
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const leafOnly = depth >= 3;
  const pool = leafOnly ? fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type))) : fields;
  const chosen = pool.length ? g(() => fc.constantFrom(...pool)) : undefined;
  if (!chosen) return "__typename";
  // Aliases are unique in a document (so that differing arguments never conflict), except that one
  // sometimes reuses a common name, which may conflict with a sibling: a validation error.
  const args = argumentsOf(g, state, chosen.args);
  const aliased = args ? !oneIn(g, 15) : g(() => fc.integer({ min: 0, max: 2 })) === 0;
  // A reserved alias (`__typename: name`) is refused by the router's validation: rarely.
  const name = oneIn(g, 60) ? "__typename" : g(() => fc.constantFrom(...NAMES));
  const alias = aliased ? `${name}${oneIn(g, 15) ? "" : `_${state.counter.next++}`}: ` : "";
  const named: GraphQLNamedType = getNamedType(chosen.type);
  const directives = directivesOf(g, state);
  if (!isCompositeType(named)) return `${alias}${chosen.name}${args}${directives}`;
  return `${alias}${chosen.name}${args}${directives} ${selectionSet(g, state, named, depth + 1)}`;
}

/** One operation's text, adding its variables' definitions and values to `variables`. */
function operation(
  g: Gen,
  schema: GraphQLSchema,
  name: string | undefined,
  shared: Pick<OperationState, "fragments" | "counter">,
  variables: Record<string, unknown>,
): string {
  const mutation = schema.getMutationType();
  const kind = mutation && g(() => fc.integer({ min: 0, max: 4 })) === 0 ? "mutation" : "query";
  const root = kind === "mutation" ? mutation! : schema.getQueryType()!;
  const state: OperationState = { variables: new Map(), schema, ...shared };
  const body = selectionSet(g, state, root, 0);
  const definitions = [...state.variables].map(
    ([v, d]) => `$${v}: ${d.declared}${d.defaultValue !== undefined ? ` = ${d.defaultValue}` : ""}`,
  );
  for (const [v, d] of state.variables) if (d.given) variables[v] = toJson(d.value);
  if (!name && definitions.length === 0 && kind === "query" && g(() => fc.boolean())) return body;
  return `${kind}${name ? ` ${name}` : ""}${definitions.length ? `(${definitions.join(", ")})` : ""} ${body}`;
}

/** Requests whose documents are built from `schema`. */
export function fuzzRequests(schema: GraphQLSchema): fc.Arbitrary<FuzzRequest> {
  return fc.gen().map((g) => {
    const count = g(() => fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 3 }) }));
    const shared = { fragments: new Map<string, string>(), counter: { next: 0 } };
    const variables: Record<string, unknown> = {};
    const names: (string | undefined)[] = [];
    const operations: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = count === 1 && g(() => fc.boolean()) ? undefined : g(() => fc.constantFrom(`Op${i}`, `Op${i}`, "Dup"));
      names.push(name);
      operations.push(operation(g, schema, name, shared, variables));
    }
    const operationName = g(() => fc.oneof(fc.constant(undefined), fc.constantFrom(...names), fc.constantFrom("Nope", "", "Op9")));
    const fragmentText = [...shared.fragments.values()].filter(Boolean);
    const query = [...operations, ...fragmentText].join("\n");
    return { query, variables, ...(operationName !== undefined ? { operationName } : {}) };
  });
}
