import type { RequestBase } from "@amazoff/kit";
import { AddressRepository } from "./addresses/address.repository.ts";
import { AddressService } from "./addresses/address.service.ts";
import { ApiKeyRepository } from "./api-keys/api-key.repository.ts";
import { ApiKeyService } from "./api-keys/api-key.service.ts";
import { clientAddress } from "./auth/client-address.ts";
import type { PasswordHasher } from "./auth/password-hasher.ts";
import type { SigningKeys } from "./auth/signing-keys.ts";
import { TokenIssuer } from "./auth/token-issuer.ts";
import type { UsersDb } from "./db.ts";
import type { EventsCommitted } from "./events/events.ts";
import { AccountErasureService } from "./gdpr/account-erasure.service.ts";
import { PersonalDataRepository } from "./gdpr/personal-data.repository.ts";
import { PersonalDataService } from "./gdpr/personal-data.service.ts";
import { createLoaders, type UsersLoaders } from "./loaders.ts";
import { RevocationRepository } from "./revocations/revocation.repository.ts";
import { RevocationService } from "./revocations/revocation.service.ts";
import { SessionRepository } from "./sessions/session.repository.ts";
import { SessionService } from "./sessions/session.service.ts";
import { StaffService } from "./staff/staff.service.ts";
import { ThrottleRepository } from "./throttle/throttle.repository.ts";
import { ThrottleService } from "./throttle/throttle.service.ts";
import { AccountService } from "./users/account.service.ts";
import { UserRepository } from "./users/user.repository.ts";
import { UserService } from "./users/user.service.ts";

/** What a users resolver receives: the request, its loaders and the services. */
export interface UsersContext extends RequestBase {
  loaders: UsersLoaders;
  /** The caller's IP address (or "unknown"), for per-address throttling. */
  clientAddress: string;
  /**
   * Users this request has just proven to be (signup, login, refresh): their payload's
   * `SignedInUser` is readable in the same response, before the client holds a token.
   */
  authenticatedUserIds: Set<string>;
  users: UserService;
  accounts: AccountService;
  sessions: SessionService;
  addresses: AddressService;
  staff: StaffService;
  apiKeys: ApiKeyService;
  personalData: PersonalDataService;
  erasure: AccountErasureService;
}

export interface UsersAppOptions {
  keys: SigningKeys;
  hasher: PasswordHasher;
  /** Told after a transaction wrote domain events to the outbox (server.ts kicks the relay). */
  eventsCommitted?: EventsCommitted;
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createUsersApp(db: UsersDb, options: UsersAppOptions) {
  const repos = {
    users: new UserRepository(db, options.eventsCommitted),
    personalData: new PersonalDataRepository(db, options.eventsCommitted),
    addresses: new AddressRepository(db),
    sessions: new SessionRepository(db),
    apiKeys: new ApiKeyRepository(db),
    throttle: new ThrottleRepository(db),
    revocations: new RevocationRepository(db),
  };
  const tokens = new TokenIssuer(options.keys);
  const throttle = new ThrottleService(repos.throttle);
  const { hasher } = options;
  const users = new UserService(repos.users);
  const sessions = new SessionService({ users: repos.users, sessions: repos.sessions, hasher, tokens, throttle });
  const services = {
    users,
    sessions,
    accounts: new AccountService({ users: repos.users, sessions, hasher, throttle }),
    addresses: new AddressService(repos.addresses, users, sessions),
    staff: new StaffService({ users: repos.users, sessions, hasher }),
    apiKeys: new ApiKeyService({ keys: repos.apiKeys, users: repos.users, sessions, tokens, throttle }),
    personalData: new PersonalDataService({ personalData: repos.personalData, sessions }),
    erasure: new AccountErasureService({ users: repos.users, personalData: repos.personalData, sessions, hasher, throttle }),
    revocations: new RevocationService(repos.revocations),
  };
  return {
    repos,
    services,
    tokens,
    /** Housekeeping: forgets quiet throttle counters and long-ended sessions. */
    async purge(now = new Date()): Promise<{ throttles: number; sessions: number }> {
      const sessionsBefore = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
      return { throttles: await throttle.purge(), sessions: await repos.sessions.purge(sessionsBefore) };
    },
    context: (base: RequestBase): UsersContext => ({
      ...base,
      ...services,
      loaders: createLoaders(repos),
      clientAddress: clientAddress(base.headers),
      authenticatedUserIds: new Set(),
    }),
  };
}

export type UsersApp = ReturnType<typeof createUsersApp>;
