// Turns one method call into a request: checks the arguments against the operation's documented
// bounds, fills the path, the query string and the body, and sends it with the caller's key.

import { resolveCallOptions, type CallOptions, type ResolvedConfig } from './config.js';
import { LedgerValidationError } from './errors.js';
import type { Operation } from './operation.js';
import { send } from './transport.js';
import { checkArguments } from './validate.js';

export type Network = 'mainnet' | 'testnet';

export class Caller {
  constructor(
    private readonly config: ResolvedConfig,
    readonly network: Network,
    private readonly apiKey: string,
  ) {}

  /**
   * `args` are the method's arguments in the order of `operation.parameters`; `T` is the response type
   * the generated method declares (the server's document promises it; it is not checked here).
   */
  async call<T>(operation: Operation, args: readonly unknown[], options?: CallOptions): Promise<T> {
    const resolved = resolveCallOptions(this.config, options);
    const problems = checkArguments(operation.parameters, args);
    if (problems.length > 0) {
      throw new LedgerValidationError({
        statusCode: 400,
        errorCode: 'validation.failed',
        message: `${operation.operationId}: ${problems.flatMap((p) => Object.values(p.constraints)).join('; ')} (checked by the SDK; nothing was sent)`,
        data: problems,
      });
    }
    let path = operation.path;
    const query = new URLSearchParams();
    let body: unknown;
    operation.parameters.forEach((parameter, i) => {
      const value = args[i];
      if (value === undefined || value === null) return;
      // Each path value is one segment, so a `/` in an id is sent as %2F (PHP's rawurlencode does so).
      if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      else if (parameter.in === 'query') query.set(parameter.name, String(value));
      else body = value;
    });
    const search = query.size > 0 ? `?${query}` : '';
    const url = `${this.config.baseUrl}${path}${search}`;
    return (await send({ method: operation.method, url, apiKey: this.apiKey, body }, resolved, this.config)) as T;
  }
}

/** What every generated API class is built on. */
export abstract class ApiBase {
  constructor(protected readonly caller: Caller) {}
}
