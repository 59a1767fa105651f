import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { TOKEN_ALGORITHM, type Jwk, type KeySource } from "@amazoff/kit";

/** RSA keys shorter than this are refused: 2048 bits is the floor for RS256 today. */
const MIN_MODULUS_BITS = 2048;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as published in the JWKS. */
  publicJwk: Jwk;
}

/** The keys of this process: `current` signs, `all` (current first) are published and verify. */
export interface SigningKeys {
  current: SigningKey;
  all: readonly SigningKey[];
  /** The JWKS document (`GET /.well-known/jwks.json`). */
  jwks(): { keys: Jwk[] };
  /** For `createTokenVerifier`: our own keys, without an HTTP round trip to ourselves. */
  keySource: KeySource;
}

/**
 * Key id: the first 16 characters of base64url(sha256(SPKI DER of the public key)). Derived from
 * the key itself, so every process holding the same key agrees on its kid without configuration.
 */
export function kidOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64url").slice(0, 16);
}

/** A signing key from a PEM private key; `source` names it in errors (never its contents). */
export function signingKeyFromPem(pem: string | Buffer, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`${source}: not a PEM private key`);
  }
  return signingKeyFrom(privateKey, source);
}

export function signingKeyFrom(privateKey: KeyObject, source = "signing key"): SigningKey {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "rsa") throw new Error(`${source}: must be an RSA private key`);
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) throw new Error(`${source}: RSA key has ${bits} bits, at least ${MIN_MODULUS_BITS} are required`);
  const publicKey = createPublicKey(privateKey);
  const kid = kidOf(publicKey);
  const { n, e } = publicKey.export({ format: "jwk" });
  return { kid, privateKey, publicJwk: { kty: "RSA", n, e, kid, alg: TOKEN_ALGORITHM, use: "sig" } };
}

export function signingKeySet(keys: readonly SigningKey[]): SigningKeys {
  const [current] = keys;
  if (!current) throw new Error("at least one signing key is required");
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new Error("the same signing key is listed twice");
  const published = keys.map((k) => k.publicJwk);
  return {
    current,
    all: keys,
    jwks: () => ({ keys: published.map((jwk) => ({ ...jwk })) }),
    keySource: async () => published,
  };
}

/** Reads USERS_SIGNING_KEYS' files (the first one signs). */
export function loadSigningKeys(paths: readonly string[]): SigningKeys {
  return signingKeySet(
    paths.map((path) => {
      let pem: Buffer;
      try {
        pem = readFileSync(path);
      } catch (error) {
        throw new Error(`USERS_SIGNING_KEYS: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
      return signingKeyFromPem(pem, path);
    }),
  );
}

/**
 * A key that lives only as long as this process: for development without USERS_SIGNING_KEYS
 * (tokens stop verifying after a restart). Production refuses to start without keys (env.ts).
 */
export function ephemeralSigningKeys(): SigningKeys {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: MIN_MODULUS_BITS });
  return signingKeySet([signingKeyFrom(privateKey, "ephemeral key")]);
}
