import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

/** A raw TCP client, for requests no HTTP client would send: trickled, malformed, cut short. */
export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves once the server has closed the connection (or it was reset), with what it sent. */
  closed: Promise<{ text: string; error?: string; at: number }>;
}

export async function rawConnection(port: number): Promise<RawConnection> {
  const socket = connect({ port, host: '127.0.0.1' });
  let text = '';
  let error: string | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const closed = new Promise<{ text: string; error?: string; at: number }>((resolve) =>
    socket.once('close', () => resolve({ text, error, at: performance.now() })),
  );
  await once(socket, 'connect');
  return { socket, received: () => text, closed };
}

/** The status and JSON body of the first response in `text`. */
export function firstResponse(text: string): { status: number; headers: string; body: unknown } {
  const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`no HTTP response in ${JSON.stringify(text)}`);
  const length = Number(/content-length: (\d+)/i.exec(match[2]!)?.[1] ?? match[3]!.length);
  return { status: Number(match[1]), headers: match[2]!, body: JSON.parse(match[3]!.slice(0, length)) };
}

/** Writes one byte every `everyMs` until the socket closes. */
export function trickle(socket: Socket, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write('x');
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}
