import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { BREAK, Kind, visit, type DocumentNode, type ValueNode } from "graphql";
import { BadUserInputError } from "../errors.ts";
import { isUnstorableText } from "./text.ts";

/** Whether a string PostgreSQL cannot take is anywhere in a JSON value (a variable's). */
function unstorableIn(value: unknown): boolean {
  if (typeof value === "string") return isUnstorableText(value);
  if (Array.isArray(value)) return value.some(unstorableIn);
  if (value && typeof value === "object") return Object.values(value).some(unstorableIn);
  return false;
}

/**
 * The argument or input field (`input.city`, as the services name them) whose value holds a
 * string PostgreSQL cannot take, written in the document or passed in a variable; undefined if none.
 */
function unstorableArgument(document: DocumentNode, variables: Record<string, unknown>): string | undefined {
  const inValue = (value: ValueNode, path: string): string | undefined => {
    switch (value.kind) {
      case Kind.STRING:
        return isUnstorableText(value.value) ? path : undefined;
      case Kind.VARIABLE:
        return unstorableInVariable(variables[value.name.value], path);
      case Kind.LIST:
        for (const item of value.values) {
          const found = inValue(item, path);
          if (found) return found;
        }
        return undefined;
      case Kind.OBJECT:
        for (const field of value.fields) {
          const found = inValue(field.value, `${path}.${field.name.value}`);
          if (found) return found;
        }
        return undefined;
      default:
        return undefined;
    }
  };
  let found: string | undefined;
  visit(document, {
    Argument(argument) {
      found = inValue(argument.value, argument.name.value);
      return found ? BREAK : false;
    },
  });
  return found;
}

/** Like inValue, for a variable's JSON value: object keys extend the path, list positions do not. */
function unstorableInVariable(value: unknown, path: string): string | undefined {
  if (!unstorableIn(value)) return undefined;
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) if (unstorableIn(item)) return unstorableInVariable(item, `${path}.${key}`);
  }
  if (Array.isArray(value)) for (const item of value) if (unstorableIn(item)) return unstorableInVariable(item, path);
  return path;
}

/**
 * Refuses, before any resolver runs, an operation whose text arguments hold a NUL or a lone
 * surrogate: PostgreSQL cannot store or even compare such text, so any lookup or write that
 * reached it failed as INTERNAL (a slug lookup of "a\u0000b", a stock adjustment's reason).
 * Per-field rules (lengths, control characters) stay with the services (cleanText); this is the
 * floor under every argument, including those no service validates because they are only looked up.
 *
 * The refusal is sent with status 200, like a field error: the gateway turns any other status
 * from a subgraph into an error without a code, which the router must mask.
 */
export function unstorableTextGuard<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = unstorableArgument(document, request.variables ?? {});
          if (field === undefined) return;
          const error = new BadUserInputError(`\`${field}\` must not contain NUL characters or invalid Unicode`, field);
          error.extensions.http = { status: 200 };
          throw error;
        },
      };
    },
  };
}
