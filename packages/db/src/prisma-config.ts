import { randomUUID } from "node:crypto";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { installPgCatalogTypeShim } from "./pg-oid-shim.ts";

/** Introspection columns of PostgreSQL's one-byte `"char"` type that the schema engine reads. */
const CHAR_COLUMNS = new Set(["constraint_type"]);
const CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

/**
 * The schema engine reads `pg_constraint.contype` (type `"char"`) as a character; the adapter
 * reports it as text once pg-oid-shim has remapped the OID, and the engine then panics
 * ("RuntimeError: unreachable") as soon as a CHECK constraint exists. Reporting that column as a
 * character again lets migrations carry CHECK constraints.
 */
function withCharColumns<A extends { queryRaw: (query: never) => Promise<{ columnNames: string[]; columnTypes: number[] }> }>(
  adapter: A,
): A {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = (async (query: never) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, i) => {
      if (CHAR_COLUMNS.has(name)) result.columnTypes[i] = CHARACTER;
    });
    return result;
  }) as A["queryRaw"];
  return adapter;
}

/**
 * The driver adapter the Prisma CLI migrates through, with two fixes over a plain `PrismaPg`:
 * - discrete connection fields, not `connectionString`, and
 * - our own shadow database for `migrate dev`: the adapter's opens the shadow pool with
 *   `{ ...config, database }` (a connection string in `config` wins, so shadow migrations would
 *   run against the real database) and drops the database before closing that pool (which
 *   PostgreSQL refuses: "database ... is being accessed by other users").
 * `allowExitOnIdle`: the CLI never closes its pools, so each command would otherwise wait out the
 * pool idle timeout before exiting.
 */
function migrationAdapter(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  const config = { ...parseIntoClientConfig(connectionString), allowExitOnIdle: true };
  const main = new PrismaPg(config);
  const admin = async (work: string | ((client: pg.Client) => Promise<unknown>)) => {
    const client = new pg.Client(config);
    await client.connect();
    try {
      await (typeof work === "string" ? client.query(work) : work(client));
    } finally {
      await client.end();
    }
  };
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => withCharColumns(await main.connect()),
    async connectToShadowDb() {
      // The CLI may exit before awaiting the shadow's dispose; sweep shadows such runs left.
      await admin(async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_shadow\\_%'",
        );
        for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
      });
      const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await admin(`CREATE DATABASE "${database}"`);
      const shadow = withCharColumns(await new PrismaPg({ ...config, database }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      };
      return shadow;
    },
  };
}

/**
 * The one Prisma CLI configuration every subgraph uses (see TOOLCHAIN.md): Prisma 6.19 with the
 * WebAssembly schema engine (`engine: "js"`) over the pg driver adapter, so `generate` and
 * `migrate` never need the native engines that these machines cannot download.
 *
 * @param subgraphDir the subgraph's folder (pass `import.meta.dirname`)
 * @param urlVariable the environment variable holding this subgraph's database URL
 */
export function subgraphPrismaConfig(subgraphDir: string, urlVariable: string) {
  installPgCatalogTypeShim();
  return defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(subgraphDir, "prisma", "schema.prisma"),
    migrations: { path: path.join(subgraphDir, "prisma", "migrations") },
    async adapter() {
      const connectionString = process.env[urlVariable];
      if (!connectionString) {
        throw new Error(`${urlVariable} is not set: the Prisma CLI needs this subgraph's database URL`);
      }
      return migrationAdapter(connectionString);
    },
  });
}
