import {
  buildASTSchema,
  getNamedType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { linkedAuthDirectives, type AuthFeature, type LinkedDirective } from "./links.ts";
import { andRequirements, isEmptyRequirement, NO_REQUIREMENT, type AnyOfAll, type AuthRequirement } from "./requirements.ts";

/**
 * The authorization requirements of a supergraph, resolved once per supergraph load so that
 * checking a request is a map lookup per selected field.
 *
 * Semantics follow GraphOS Router's documentation of `@authenticated`, `@requiresScopes` and
 * `@policy`:
 * - selecting a field needs the field's own requirement AND that of the type it returns (a
 *   directive on an object, interface, scalar or enum protects every field returning it);
 * - a fragment whose type condition carries a requirement needs it;
 * - a directive on a root type (`type Query @authenticated`) applies to the whole operation;
 * - an interface needs what every implementation needs (AND), and a field selected on an
 *   interface needs what that field needs on every implementation. Composition (federation
 *   2.9+) already copies implementations' requirements onto interfaces; doing it here again is
 *   idempotent and covers supergraphs composed before it did.
 * Unions carry no directives (the spec forbids them there): their members are reached through
 * type conditions, which are checked.
 */
export interface AuthorizationIndex {
  /** The supergraph schema (join/link definitions included) the index was built from. */
  readonly schema: GraphQLSchema;
  /** No authorization directive anywhere: requests skip the check entirely. */
  readonly empty: boolean;
  /** What selecting `typeName.fieldName` needs; null when nothing. */
  fieldRequirement(typeName: string, fieldName: string): AuthRequirement | null;
  /** What a fragment on `typeName` needs; null when nothing. */
  typeRequirement(typeName: string): AuthRequirement | null;
  /** Every type and field with a requirement, for audits and tests. */
  readonly coordinates: readonly ProtectedCoordinate[];
}

export interface ProtectedCoordinate {
  /** `Type` or `Type.field`. */
  coordinate: string;
  kind: "type" | "field";
  typeName: string;
  fieldName?: string;
  /** What the router enforces when the type is used as a type condition / the field is selected. */
  requirement: AuthRequirement;
  /** Whether the coordinate carries a directive itself (false: inherited from its return type, root type or implementations). */
  declared: boolean;
}

export function buildAuthorizationIndex(supergraphSdl: string): AuthorizationIndex {
  const document = parse(supergraphSdl);
  const schema = buildASTSchema(document, { assumeValidSDL: true });
  const directives = linkedAuthDirectives(document);
  const read = requirementReader(directives);

  const declaredTypes = new Map<string, AuthRequirement>();
  const declaredFields = new Map<string, AuthRequirement>();
  const types = Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type));
  for (const type of types) {
    const own = read([type.astNode, ...type.extensionASTNodes]);
    if (own) declaredTypes.set(type.name, own);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const fieldOwn = read([field.astNode]);
      if (fieldOwn) declaredFields.set(`${type.name}.${field.name}`, fieldOwn);
    }
  }

  const typeRequirements = new Map<string, AuthRequirement>();
  const typeRequirementOf = (type: GraphQLNamedType): AuthRequirement => {
    let requirement = declaredTypes.get(type.name) ?? NO_REQUIREMENT;
    if (isInterfaceType(type)) {
      for (const implementation of schema.getPossibleTypes(type))
        requirement = andRequirements(requirement, declaredTypes.get(implementation.name) ?? NO_REQUIREMENT);
    }
    return requirement;
  };
  for (const type of types) {
    const requirement = typeRequirementOf(type);
    if (!isEmptyRequirement(requirement)) typeRequirements.set(type.name, requirement);
  }

  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t!.name),
  );
  const objectFieldRequirement = (type: GraphQLObjectType, fieldName: string): AuthRequirement => {
    const field = type.getFields()[fieldName];
    if (!field) return NO_REQUIREMENT;
    let requirement = declaredFields.get(`${type.name}.${fieldName}`) ?? NO_REQUIREMENT;
    requirement = andRequirements(requirement, typeRequirements.get(getNamedType(field.type).name) ?? NO_REQUIREMENT);
    if (roots.has(type.name)) requirement = andRequirements(requirement, typeRequirements.get(type.name) ?? NO_REQUIREMENT);
    return requirement;
  };
  const fieldRequirements = new Map<string, AuthRequirement>();
  for (const type of types) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      let requirement: AuthRequirement;
      if (isObjectType(type)) {
        requirement = objectFieldRequirement(type, field.name);
      } else {
        requirement = andRequirements(
          declaredFields.get(`${type.name}.${field.name}`) ?? NO_REQUIREMENT,
          typeRequirements.get(getNamedType(field.type).name) ?? NO_REQUIREMENT,
        );
        for (const implementation of schema.getPossibleTypes(type))
          requirement = andRequirements(requirement, objectFieldRequirement(implementation, field.name));
      }
      if (!isEmptyRequirement(requirement)) fieldRequirements.set(`${type.name}.${field.name}`, requirement);
    }
  }

  const coordinates: ProtectedCoordinate[] = [];
  for (const [typeName, requirement] of typeRequirements) {
    coordinates.push({ coordinate: typeName, kind: "type", typeName, requirement, declared: declaredTypes.has(typeName) });
  }
  for (const [coordinate, requirement] of fieldRequirements) {
    const [typeName, fieldName] = coordinate.split(".") as [string, string];
    coordinates.push({ coordinate, kind: "field", typeName, fieldName, requirement, declared: declaredFields.has(coordinate) });
  }
  coordinates.sort((a, b) => (a.kind === b.kind ? a.coordinate.localeCompare(b.coordinate) : a.kind === "type" ? -1 : 1));

  return {
    schema,
    empty: typeRequirements.size === 0 && fieldRequirements.size === 0,
    fieldRequirement: (typeName, fieldName) => fieldRequirements.get(`${typeName}.${fieldName}`) ?? null,
    typeRequirement: (typeName) => typeRequirements.get(typeName) ?? null,
    coordinates,
  };
}

/**
 * Every `Type` and `Type.field` of a supergraph that needs authorization, with what the router
 * enforces for it. Interfaces and fields inherit from their implementations and return types, so
 * a field appears here when selecting it needs anything at all (`declared` tells whether the
 * directive is on the field itself).
 */
export function protectedCoordinates(supergraphSdl: string): ProtectedCoordinate[] {
  return [...buildAuthorizationIndex(supergraphSdl).coordinates];
}

type DirectiveHolder = { readonly directives?: readonly ConstDirectiveNode[] | undefined } | null | undefined;

function requirementReader(directives: Partial<Record<AuthFeature, LinkedDirective>>) {
  const names = new Map<string, AuthFeature>();
  for (const [feature, linked] of Object.entries(directives) as [AuthFeature, LinkedDirective][]) names.set(linked.name, feature);
  return (holders: DirectiveHolder[]): AuthRequirement | null => {
    if (names.size === 0) return null;
    let requirement = NO_REQUIREMENT;
    for (const holder of holders) {
      for (const directive of holder?.directives ?? []) {
        const feature = names.get(directive.name.value);
        if (!feature) continue;
        if (feature === "authenticated") {
          requirement = andRequirements(requirement, { ...NO_REQUIREMENT, authenticated: true });
        } else {
          const argument = feature === "requiresScopes" ? "scopes" : "policies";
          requirement = andRequirements(requirement, { ...NO_REQUIREMENT, [argument]: anyOfAllArgument(directive, argument) });
        }
      }
    }
    return isEmptyRequirement(requirement) ? null : requirement;
  };
}

/** `[["a", "b"], ["c"]]`; a malformed argument denies everyone (`[]`: no group can hold). */
function anyOfAllArgument(directive: ConstDirectiveNode, name: string): AnyOfAll {
  const node = directive.arguments?.find((arg) => arg.name.value === name);
  const value = node ? valueFromASTUntyped(node.value) : undefined;
  if (!Array.isArray(value)) return [];
  const groups: string[][] = [];
  for (const group of value) {
    // GraphQL input coercion turns a single value into a one-item list.
    const items: unknown[] = Array.isArray(group) ? group : [group];
    if (!items.every((item): item is string => typeof item === "string")) return [];
    groups.push([...new Set(items)].sort());
  }
  return groups;
}
