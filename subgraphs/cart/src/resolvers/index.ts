import { DateTimeScalar, JSONScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { Cart } from "./Cart.ts";
import { Money } from "./Money.ts";
import { addToCart } from "./Mutation/addToCart.ts";
import { clearCart } from "./Mutation/clearCart.ts";
import { createGuestCart } from "./Mutation/createGuestCart.ts";
import { mergeGuestCart } from "./Mutation/mergeGuestCart.ts";
import { removeCartItem } from "./Mutation/removeCartItem.ts";
import { updateCartItem } from "./Mutation/updateCartItem.ts";
import { PersonalDataExport } from "./PersonalDataExport.ts";
import { cart } from "./Query/cart.ts";
import { User } from "./User.ts";

// CartItem and Product need no resolvers: a CartLine already holds every CartItem field, and a
// Product is only its key (the router asks the catalog for the rest).
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  PersonalDataExport,
  Query: { cart },
  Mutation: { createGuestCart, addToCart, updateCartItem, removeCartItem, clearCart, mergeGuestCart },
  Cart,
  User,
  Money,
};
