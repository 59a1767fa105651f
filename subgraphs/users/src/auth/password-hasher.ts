import { randomBytes, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { availableParallelism } from "node:os";
import { DEFAULT_SCRYPT_COST } from "../env.ts";
import { ScryptPool, type ScryptPoolOptions } from "./scrypt-pool.ts";

/**
 * Password hashes with scrypt from node:crypto (memory-hard: each guess needs the memory as well
 * as the time, which is what makes GPU/ASIC cracking of a stolen table expensive).
 *
 * Parameters: N = 2^15, r = 8, p = 1 by default.
 * - Memory is 128 * N * r = 32 MiB per hash; time measured ~150 ms on our 2-core machines. Sign-in
 *   latency stays acceptable; the worker pool (scrypt-pool.ts, one thread per core by default)
 *   bounds the peak at workers * 32 MiB and refuses what its queue cannot hold.
 * - r = 8 is scrypt's standard block size; p = 1 because parallelism would only multiply the CPU
 *   time of each sign-in on a 2-core host without raising the attacker's memory cost per guess.
 * - Online guessing is bounded separately by the sign-in throttle, so these parameters only have
 *   to make offline cracking expensive.
 * The parameters are stored in every hash (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, PHC string
 * format, base64 without padding) so they can be raised later: old hashes still verify, and
 * `needsRehash` tells sign-in to upgrade them.
 */
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{32,})$/;

interface ParsedHash {
  ln: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const match = FORMAT.exec(stored);
  if (!match) return null;
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Bounds keep a corrupt row from asking scrypt for gigabytes.
  if (ln < 1 || ln > 22 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { ln, r, p, salt: Buffer.from(match[4]!, "base64"), key: Buffer.from(match[5]!, "base64") };
}

function scryptOptions(ln: number, r: number, p: number): ScryptOptions {
  const N = 2 ** ln;
  // Node refuses to run when 128 * N * r exceeds maxmem (32 MiB by default, exactly our need).
  return { N, r, p, maxmem: 2 * 128 * N * r * p + 1024 * 1024 };
}

/** Default worker count: one per core (scrypt is CPU-bound), at most 4 (32 MiB each). */
export const defaultHashWorkers = (): number => Math.max(1, Math.min(4, availableParallelism()));

const b64 = (buffer: Buffer) => buffer.toString("base64").replace(/=+$/, "");

/**
 * NIST SP 800-63B asks for Unicode normalisation before hashing, so the same password typed on
 * two keyboards (composed or decomposed accents) verifies. NFKC also folds compatibility forms.
 */
export const normalisePassword = (password: string) => password.normalize("NFKC");

/**
 * Hashes and checks passwords on a ScryptPool. When the pool's queue is full, `hash` and `verify`
 * throw RATE_LIMITED (with `retryAfterSeconds`) instead of queueing without bound.
 */
export class PasswordHasher {
  /** Compared against when there is no real hash: only its parameters matter (they set the time). */
  private readonly dummy: string;
  private readonly pool: ScryptPool;

  /**
   * @param cost log2(N) of new hashes (USERS_SCRYPT_COST).
   * @param pool worker threads and queue length (USERS_HASH_WORKERS, USERS_HASH_QUEUE).
   */
  constructor(
    readonly cost: number = DEFAULT_SCRYPT_COST,
    pool: Partial<ScryptPoolOptions> = {},
  ) {
    this.dummy = `$scrypt$ln=${cost},r=${R},p=${P}$${b64(Buffer.alloc(SALT_BYTES))}$${b64(Buffer.alloc(KEY_BYTES))}`;
    const workers = pool.workers ?? defaultHashWorkers();
    this.pool = new ScryptPool({ workers, maxQueue: pool.maxQueue ?? 32 * workers });
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await this.pool.derive(normalisePassword(password), salt, KEY_BYTES, scryptOptions(this.cost, R, P));
    return `$scrypt$ln=${this.cost},r=${R},p=${P}$${b64(salt)}$${b64(key)}`;
  }

  /**
   * Whether `password` matches `stored`. With no usable hash (unknown account, partner without a
   * password) it still runs one scrypt of the current cost, so the answer takes as long as a real
   * check: response time does not tell whether an account exists.
   */
  async verify(password: string, stored: string | null | undefined): Promise<boolean> {
    const parsed = stored ? parse(stored) : null;
    if (!parsed) {
      await this.verify(password, this.dummy);
      return false;
    }
    const key = await this.pool.derive(
      normalisePassword(password),
      parsed.salt,
      parsed.key.length,
      scryptOptions(parsed.ln, parsed.r, parsed.p),
    );
    return timingSafeEqual(key, parsed.key);
  }

  /** Stops the worker threads (the server's shutdown). */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** A hash made with weaker parameters than today's: re-hash it after a successful sign-in. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    return !parsed || parsed.ln < this.cost || parsed.r !== R || parsed.p !== P;
  }
}
