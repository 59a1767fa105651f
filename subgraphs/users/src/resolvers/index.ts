import { DateTimeScalar, JSONScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";

import { ApiKey } from "./ApiKey.ts";
import { changePassword } from "./Mutation/changePassword.ts";
import { changeUserRole } from "./Mutation/changeUserRole.ts";
import { createAddress } from "./Mutation/createAddress.ts";
import { createApiKey } from "./Mutation/createApiKey.ts";
import { createEmployee } from "./Mutation/createEmployee.ts";
import { createPartner } from "./Mutation/createPartner.ts";
import { deleteAddress } from "./Mutation/deleteAddress.ts";
import { deleteMyAccount } from "./Mutation/deleteMyAccount.ts";
import { deleteUser } from "./Mutation/deleteUser.ts";
import { login } from "./Mutation/login.ts";
import { logout } from "./Mutation/logout.ts";
import { refreshSession } from "./Mutation/refreshSession.ts";
import { revokeApiKey } from "./Mutation/revokeApiKey.ts";
import { signup } from "./Mutation/signup.ts";
import { updateAddress } from "./Mutation/updateAddress.ts";
import { updateProfile } from "./Mutation/updateProfile.ts";
import { PersonalDataExport } from "./PersonalDataExport.ts";
import { apiKeys } from "./Query/apiKeys.ts";
import { exportMyData } from "./Query/exportMyData.ts";
import { me } from "./Query/me.ts";
import { user } from "./Query/user.ts";
import { users } from "./Query/users.ts";
import { SignedInUser } from "./SignedInUser.ts";
import { User } from "./User.ts";

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { me, user, users, apiKeys, exportMyData },
  Mutation: {
    signup,
    login,
    refreshSession,
    logout,
    updateProfile,
    changePassword,
    createAddress,
    updateAddress,
    deleteAddress,
    createEmployee,
    changeUserRole,
    createPartner,
    createApiKey,
    revokeApiKey,
    deleteMyAccount,
    deleteUser,
  },
  User,
  SignedInUser,
  ApiKey,
  PersonalDataExport,
};
