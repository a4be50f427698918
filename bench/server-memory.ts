// What the server's own /metrics says of its memory (prom-client's process metrics), read after each
// operation: with its resident memory from /proc, it tells the V8 heap apart from the rest (PGlite's
// WebAssembly memory, code, buffers) when the RSS target is missed.

export interface HeapSample {
  /** V8's heap, as allocated from the system. */
  heapTotalMB: number;
  /** Memory V8 knows of outside its heap: buffers, and PGlite's WebAssembly memory. */
  externalMB: number;
}

export async function heapSample(serverUrl: string): Promise<HeapSample | null> {
  try {
    const text = await (await fetch(`${serverUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    return {
      heapTotalMB: mb(value('nodejs_heap_size_total_bytes')),
      externalMB: mb(value('nodejs_external_memory_bytes')),
    };
  } catch {
    return null;
  }
}
