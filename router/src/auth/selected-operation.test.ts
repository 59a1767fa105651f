import { getOperationAST, parse, print } from "graphql";
import { describe, expect, it } from "vitest";
import { selectedOperationDocument } from "./selected-operation.ts";

const select = (source: string, name?: string) => {
  const document = parse(source);
  return { document, selected: selectedOperationDocument(document, getOperationAST(document, name)!) };
};

describe("selectedOperationDocument", () => {
  it("keeps the chosen operation and the fragments it spreads, transitively, and drops the rest", () => {
    const { selected } = select(
      `query A { ...F } query B($id: ID!) { ...G } fragment F on Query { ...H } fragment H on Query { x } fragment G on Query { y(id: $id) } fragment Unused on Query { z }`,
      "A",
    );
    expect(print(selected)).toBe(print(parse(`query A { ...F } fragment F on Query { ...H } fragment H on Query { x }`)));
  });

  it("returns the document itself when everything in it is used", () => {
    const { document, selected } = select(`query A { ...F } fragment F on Query { x }`);
    expect(selected).toBe(document);
  });

  it("survives fragment cycles and spreads of undefined fragments (validation reports those)", () => {
    const { selected } = select(`query A { ...F ...Missing } query B { x } fragment F on Query { ...F }`, "A");
    expect(print(selected)).toBe(print(parse(`query A { ...F ...Missing } fragment F on Query { ...F }`)));
  });
});
