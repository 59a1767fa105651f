import path from "node:path";
import {
  Kind,
  parse,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { composeFromConfig } from "../src/composition/compose.ts";

/**
 * The subgraph each entity belongs to: the one that creates it and owns most of its fields. Every
 * other subgraph that resolves a field of the entity contributes it, and the router fetches a
 * contributed field from that other subgraph: when that subgraph is down, the field must be null
 * (with an error at its path), not null the whole entity and everything above it. A new entity
 * must be declared here.
 */
const ENTITY_HOMES: Record<string, string> = {
  Product: "catalog",
  Category: "catalog",
  Store: "inventory",
  User: "users",
  PersonalDataExport: "users",
  Order: "orders",
  Notification: "notifications",
  Comment: "comments",
  Event: "events",
};

interface ContributedField {
  coordinate: string;
  subgraphs: string[];
  nonNull: boolean;
  description: string;
}

const root = path.resolve(import.meta.dirname, "../..");
let entities: string[];
let contributed: ContributedField[];

const argument = (directive: ConstDirectiveNode, name: string): ConstArgumentNode["value"] | undefined =>
  directive.arguments?.find((a) => a.name.value === name)?.value;
const stringArgument = (directive: ConstDirectiveNode, name: string) => {
  const value = argument(directive, name);
  return value?.kind === Kind.STRING ? value.value : undefined;
};
const enumArgument = (directive: ConstDirectiveNode, name: string) => {
  const value = argument(directive, name);
  return value?.kind === Kind.ENUM ? value.value : undefined;
};
const directives = (node: ObjectTypeDefinitionNode | FieldDefinitionNode, name: string) =>
  (node.directives ?? []).filter((d) => d.name.value === name);
const isExternal = (join: ConstDirectiveNode) => {
  const value = argument(join, "external");
  return value?.kind === Kind.BOOLEAN && value.value;
};

/** The subgraphs that resolve a field: its @join__field graphs, or every graph of its type when it has none. */
function resolvingGraphs(type: ObjectTypeDefinitionNode, field: FieldDefinitionNode): string[] {
  const joins = directives(field, "join__field").filter((join) => !isExternal(join));
  const source = joins.length ? joins : directives(type, "join__type");
  return [...new Set(source.map((d) => enumArgument(d, "graph")!))];
}

beforeAll(async () => {
  const composed = await composeFromConfig(path.join(root, "supergraph.yaml"));
  if (!composed.ok) throw new Error(composed.errors.join("\n"));
  const document = parse(composed.supergraphSdl);
  const graphNames = new Map<string, string>();
  const types: ObjectTypeDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "join__Graph") {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === "join__graph");
        graphNames.set(value.name.value, stringArgument(graph!, "name")!);
      }
    }
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) types.push(definition);
  }
  const isEntity = (type: ObjectTypeDefinitionNode) => directives(type, "join__type").some((d) => argument(d, "key"));
  entities = types.filter(isEntity).map((t) => t.name.value);
  contributed = [];
  for (const type of types.filter(isEntity)) {
    const home = ENTITY_HOMES[type.name.value];
    // A key field is never fetched from the contributor: the router already holds it, in the
    // representation it sends. (So an entity declared by a contributor before its home subgraph
    // is composed, such as Event by comments, has only its contributed fields checked.)
    const keyFields = new Set(
      directives(type, "join__type").flatMap((d) => (stringArgument(d, "key") ?? "").split(/[\s{}]+/).filter(Boolean)),
    );
    for (const field of type.fields ?? []) {
      const subgraphs = resolvingGraphs(type, field).map((graph) => graphNames.get(graph)!);
      if (home && subgraphs.includes(home)) continue;
      if (keyFields.has(field.name.value)) continue;
      contributed.push({
        coordinate: `${type.name.value}.${field.name.value}`,
        subgraphs,
        nonNull: field.type.kind === Kind.NON_NULL_TYPE,
        description: field.description?.value ?? "",
      });
    }
  }
});

describe("fields one subgraph contributes to another's entity (supergraph.yaml)", () => {
  it("knows the home subgraph of every entity", () => {
    expect(entities.filter((name) => !ENTITY_HOMES[name])).toEqual([]);
  });

  it("finds the contributed fields (the check sees what it should)", () => {
    const coordinates = contributed.map((f) => f.coordinate);
    for (const known of [
      "Product.availability",
      "Product.inStock",
      "User.cart",
      "User.orders",
      "Order.payment",
      "PersonalDataExport.orders",
      "Product.comments",
      "Event.comments",
      "PersonalDataExport.comments",
    ]) {
      expect(coordinates).toContain(known);
    }
  });

  it("are all nullable, so that an unavailable subgraph nulls only its own fields", () => {
    expect(contributed.filter((f) => f.nonNull).map((f) => `${f.coordinate} (from ${f.subgraphs.join(", ")})`)).toEqual([]);
  });

  it("all say in their description that they are null when their subgraph is unavailable", () => {
    expect(contributed.filter((f) => !/null[^.]*unavailable/i.test(f.description)).map((f) => f.coordinate)).toEqual([]);
  });
});
