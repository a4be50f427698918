// The ledger's invariants, checked on the bench ledger after seeding and again after the load: the
// seed must be a ledger the app could have written, and thousands of concurrent payments must leave
// it one. brokenInvariants answers the broken ones, by name; none is the answer wanted. They are the
// ones `ledger check` reports (src/domain/balances/ledger-check.ts).
export { brokenInvariants } from '../src/domain/balances/ledger-check.js';
