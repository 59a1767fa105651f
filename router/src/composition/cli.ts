// Composes supergraph.yaml into a supergraph SDL file: `npm run compose`.
import { writeFile, rename } from "node:fs/promises";
import { parseArgs } from "node:util";
import { composeFromConfig } from "./compose.ts";

const { values } = parseArgs({
  options: {
    config: { type: "string", default: "supergraph.yaml" },
    output: { type: "string", default: "supergraph.graphql" },
    quiet: { type: "boolean", default: false },
  },
});

const result = await composeFromConfig(values.config);
if (!result.ok) {
  process.stderr.write(`Composition of ${values.config} failed with ${result.errors.length} error(s):\n`);
  for (const error of result.errors) process.stderr.write(`  - ${error}\n`);
  process.exit(1);
}
// Write then rename: a watching router never reads a half-written file.
const temporary = `${values.output}.${process.pid}.tmp`;
await writeFile(temporary, result.supergraphSdl);
await rename(temporary, values.output);
if (!values.quiet) {
  process.stdout.write(
    `Composed ${values.config} into ${values.output}${result.hints.length ? ` (${result.hints.length} hint(s))` : ""}\n`,
  );
}
