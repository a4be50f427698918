import { Caller, type Network } from './caller.js';
import { resolveConfig, type LedgerSdkConfig, type ResolvedConfig } from './config.js';
import { LedgerApis } from './generated/apis.js';

/**
 * The client, shaped like Tatum's PHP SDK: `sdk.mainnet().api().customer().findAllCustomers(10)`.
 * The mainnet and the testnet caller send different keys, and so reach two separate ledgers.
 */
export class LedgerSdk {
  readonly #config: ResolvedConfig;

  constructor(config: LedgerSdkConfig) {
    this.#config = resolveConfig(config);
  }

  /** Calls with `mainnetApiKey`. */
  mainnet(): NetworkCaller {
    return this.#caller('mainnet', this.#config.mainnetApiKey);
  }

  /** Calls with `testnetApiKey`. */
  testnet(): NetworkCaller {
    return this.#caller('testnet', this.#config.testnetApiKey);
  }

  #caller(network: Network, apiKey: string | undefined): NetworkCaller {
    if (apiKey === undefined) throw new TypeError(`${network}() needs ${network}ApiKey in the LedgerSdk config.`);
    return new NetworkCaller(new Caller(this.#config, network, apiKey));
  }
}

export class NetworkCaller {
  readonly #apis: LedgerApis;

  constructor(caller: Caller) {
    this.#apis = new LedgerApis(caller);
  }

  /** The APIs, one per group of Tatum's reference: `customer()`, `account()`, … */
  api(): LedgerApis {
    return this.#apis;
  }
}
