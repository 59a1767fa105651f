import type { Logger, RequestBase } from "@amazoff/kit";
import type { PaymentsDb } from "./db.ts";
import { createLoaders, type PaymentsLoaders } from "./loaders.ts";
import { AuthorizationService } from "./payments/authorization.service.ts";
import { PaymentReadService } from "./payments/payment-reads.service.ts";
import { PaymentRepository } from "./payments/payment.repository.ts";
import { SettlementService } from "./payments/settlement.service.ts";
import type { PaymentProvider } from "./provider/payment-provider.ts";

/** What a payments resolver receives: the request, its loaders and the read service. */
export interface PaymentsContext extends RequestBase {
  loaders: PaymentsLoaders;
  payments: PaymentReadService;
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createPaymentsApp(db: PaymentsDb, options: { provider: PaymentProvider; providerTimeoutMs: number; logger: Logger }) {
  const repository = new PaymentRepository(db);
  const { provider, providerTimeoutMs, logger } = options;
  const reads = new PaymentReadService();
  return {
    repository,
    /** The checkout saga's side (internal endpoints), outside the graph. */
    authorizations: new AuthorizationService(repository, provider, providerTimeoutMs, logger.child({ source: "AuthorizationService" })),
    settlements: new SettlementService(repository, provider, providerTimeoutMs, logger.child({ source: "SettlementService" })),
    context: (base: RequestBase): PaymentsContext => ({ ...base, payments: reads, loaders: createLoaders(repository) }),
  };
}

export type PaymentsApp = ReturnType<typeof createPaymentsApp>;
