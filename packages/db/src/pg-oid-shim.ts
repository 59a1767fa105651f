import pg from "pg";

/**
 * Work around prisma/prisma#27403 (https://github.com/prisma/prisma/issues/27403): the pg driver
 * adapter cannot deserialize the catalog types `name` (OID 19) and `"char"` (OID 18), which the
 * migration engine reads while introspecting, and `migrate` fails with
 * "Column type 'name' could not be deserialized". Reporting both as `text` (OID 25) fixes it.
 *
 * Only the Prisma CLI configuration (prisma.config.ts) installs this; the runtime client never
 * reads those catalog columns.
 */
const TEXT_OID = 25;
const REMAPPED_OIDS = new Set([18, 19]);

let installed = false;

export function installPgCatalogTypeShim(): void {
  if (installed) return;
  installed = true;
  // `Result` is not part of pg's typed surface, but it is exported at runtime.
  const Result = (pg as unknown as { Result: { prototype: { addFields(fields: { dataTypeID: number }[]): void } } }).Result;
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (this: unknown, fields: { dataTypeID: number }[]) {
    for (const field of fields) {
      if (REMAPPED_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return addFields.call(this, fields);
  };
}
