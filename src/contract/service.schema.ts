import { Type, type Static } from 'typebox';

/**
 * `GET /v3/tatum/version`. Tatum's answer also carries its plan fields (planName, planCode, price,
 * expiration, creditLimit, usage, rolloverDay), all optional in every client; a self-hosted ledger has
 * no plan, so they are left out.
 */
export const ApiVersion = Type.Object({
  version: Type.String({ description: 'The version of this server' }),
  testnet: Type.Boolean({ description: 'Whether the API key addresses a testnet ledger' }),
});
export type ApiVersion = Static<typeof ApiVersion>;

export const Liveness = Type.Object({ status: Type.Literal('ok') });

export const Readiness = Type.Object({
  status: Type.Literal('ready'),
  migrations: Type.Integer({ description: 'Migrations applied, all that this build ships' }),
});
