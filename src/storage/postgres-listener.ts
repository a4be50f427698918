import pg from 'pg';
import type { ChannelHandlers } from './database.js';

/** How long to wait before listening again once the connection was lost. */
const RECONNECT_MS = 1000;

/**
 * One connection of its own that LISTENs on `channel` and hands each NOTIFY payload to `handlers`,
 * reconnecting when the connection is lost. A pooled connection would not do: LISTEN belongs to a
 * session, and the pool hands sessions to whoever asks.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly handlers: ChannelHandlers,
  ) {
    void this.start();
  }

  private async start(): Promise<void> {
    this.retry = undefined;
    if (this.closed) return;
    const client = new pg.Client(this.config);
    this.client = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      // Closing ends the connection too: that is no loss to report.
      if (this.closed) return;
      this.handlers.interrupted();
      this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.message(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch {
      return onLost();
    }
    if (!lost && !this.closed) this.handlers.listening();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
