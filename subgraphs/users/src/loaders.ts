import { groupLoader, keyLoader } from "@amazoff/kit";
import type { AddressRepository } from "./addresses/address.repository.ts";
import type { UserRepository } from "./users/user.repository.ts";

export interface LoaderRepositories {
  users: UserRepository;
  addresses: AddressRepository;
}

/** Per-request DataLoaders: every entity reference and relation goes through one. */
export function createLoaders(repos: LoaderRepositories) {
  return {
    user: keyLoader(
      (ids: readonly string[]) => repos.users.findByIds(ids),
      (u) => u.id,
    ),
    addresses: groupLoader(
      (userIds: readonly string[]) => repos.addresses.findByUserIds(userIds),
      (a) => a.userId,
    ),
  };
}

export type UsersLoaders = ReturnType<typeof createLoaders>;
