import { assertId, ConflictError, ForbiddenError, NotFoundError, BadUserInputError, requireScope, SCOPES } from "@amazoff/kit";
import type { UsersContext } from "../context.ts";
import type { SessionService } from "../sessions/session.service.ts";
import type { User } from "../users/user.model.ts";
import type { UserService } from "../users/user.service.ts";
import type { Address, AddressWrite } from "./address.model.ts";
import type { AddressRepository } from "./address.repository.ts";
import { parseAddress, parseAddressChanges, type AddressFields } from "./address.validation.ts";

/** Enough for home, work, family and a few more; more is a sign of abuse, not of need. */
export const MAX_ADDRESSES = 20;

/**
 * Shipping addresses: read by their owner or staff (`users:read:any`), written by their owner
 * only (`users:write:own`; staff do not edit customers' addresses).
 */
export class AddressService {
  constructor(
    private readonly addresses: AddressRepository,
    private readonly users: UserService,
    private readonly sessions: SessionService,
  ) {}

  async ofUser(ctx: UsersContext, user: User): Promise<Address[]> {
    this.users.assertCanReadPrivate(ctx, user);
    return ctx.loaders.addresses.load(user.id);
  }

  /** The addresses of the account this request signed in (a sign-in payload's user). */
  async ofSignedInUser(ctx: UsersContext, user: User): Promise<Address[]> {
    this.users.assertSignedInHere(ctx, user);
    return ctx.loaders.addresses.load(user.id);
  }

  /**
   * For the checkout saga (internal endpoint, no viewer): the address `addressId` if it belongs to
   * `userId`; null otherwise, whether it is someone else's or does not exist.
   */
  forCheckout(userId: string, addressId: string): Promise<Address | null> {
    return this.addresses.findOwned(userId, addressId);
  }

  async create(ctx: UsersContext, input: AddressFields): Promise<Address> {
    const ownerId = await this.requireOwner(ctx);
    const data = parseAddress(input);
    return this.unwrap(await this.addresses.create(ownerId, data, MAX_ADDRESSES));
  }

  async update(ctx: UsersContext, id: string, input: AddressFields): Promise<Address> {
    const ownerId = await this.requireOwner(ctx);
    const addressId = assertId(id, "id", "address id");
    const changes = parseAddressChanges(input);
    return this.unwrap(await this.addresses.update(ownerId, addressId, changes));
  }

  async delete(ctx: UsersContext, id: string): Promise<string> {
    const ownerId = await this.requireOwner(ctx);
    return this.unwrap(await this.addresses.delete(ownerId, assertId(id, "id", "address id")));
  }

  private async requireOwner(ctx: UsersContext): Promise<string> {
    requireScope(ctx.viewer, SCOPES.USERS_WRITE_OWN);
    return (await this.sessions.requireActive(ctx)).userId;
  }

  private unwrap<T>(result: AddressWrite<T>): T {
    switch (result.kind) {
      case "ok":
        return result.value;
      case "not_found":
        throw new NotFoundError("No such address");
      case "not_owner":
        throw new ForbiddenError("This address belongs to another account");
      case "limit":
        throw new ConflictError(`An account can keep at most ${MAX_ADDRESSES} addresses; delete one first`, { limit: MAX_ADDRESSES });
      case "keep_default":
        throw new BadUserInputError(
          "`input.isDefault` cannot be false for the default address; make another address the default instead",
          "input.isDefault",
        );
    }
  }
}
