export * from "./bus.ts";
export * from "./consumer.ts";
export * from "./envelope.ts";
export * from "./outbox.ts";
export * from "./relay.ts";
export * from "./publishing.ts";
