/**
 * A bound on the SDK's reassembly of fragmented long-connection frames (protocols-feishu.md
 * §3.4). `WSClient` keeps fragments in memory by `message_id` for 10 s and allocates
 * `new Array(sum)` on the first one — so one corrupted or hostile frame header (`sum` in the
 * millions) or a stream of partial messages could exhaust the process's memory. This wraps the
 * client's `dataCache.mergeData` and drops (no ack: the platform delivers again) any fragment that
 * would exceed a limit:
 * - more than `maxFragments` (1024) fragments for one message;
 * - more than `maxMessageBytes` (1 MB) for one message, `maxBufferedBytes` (16 MB) in total;
 * - more than `maxPending` (256) messages awaiting fragments.
 * Single-fragment frames (every real event so far) take the SDK's own path untouched.
 */

export interface FragmentLimits {
  maxFragments: number;
  maxMessageBytes: number;
  maxBufferedBytes: number;
  maxPending: number;
}

export const FRAGMENT_LIMITS: FragmentLimits = { maxFragments: 1024, maxMessageBytes: 1 << 20, maxBufferedBytes: 16 << 20, maxPending: 256 };

interface MergeParams {
  message_id: string;
  sum: number;
  seq: number;
  trace_id?: string;
  data: Uint8Array;
}

interface SdkDataCache {
  cache: Map<string, unknown>;
  mergeData(params: MergeParams): unknown;
  deleteCache(id: string): void;
}

/** Installs the guard on a `WSClient`; `onDrop` hears each dropped fragment's reason. Throws if the SDK changed shape. */
export function guardFragments(client: object, onDrop: (reason: string) => void, limits: FragmentLimits = FRAGMENT_LIMITS): void {
  const dc = (client as { dataCache?: SdkDataCache }).dataCache;
  if (!dc || typeof dc.mergeData !== 'function' || !(dc.cache instanceof Map) || typeof dc.deleteCache !== 'function') {
    throw new Error('@larksuiteoapi/node-sdk: WSClient.dataCache is not as expected; the fragment guard cannot be installed');
  }
  const original = dc.mergeData.bind(dc);
  const bytes = new Map<string, number>();
  const drop = (id: string, reason: string): never => {
    dc.deleteCache(id);
    bytes.delete(id);
    onDrop(reason);
    throw new Error(`fragment dropped: ${reason}`);
  };
  dc.mergeData = (params: MergeParams) => {
    const { message_id: id, sum } = params;
    if (!Number.isInteger(sum) || sum > limits.maxFragments) return drop(id, 'too_many_fragments');
    if (sum === 1) return original(params);
    for (const known of bytes.keys()) if (!dc.cache.has(known)) bytes.delete(known); // expired by the SDK
    if (!dc.cache.has(id) && dc.cache.size >= limits.maxPending) return drop(id, 'too_many_pending');
    const size = params.data?.byteLength ?? 0;
    const mine = (bytes.get(id) ?? 0) + size;
    let total = size;
    for (const b of bytes.values()) total += b;
    if (mine > limits.maxMessageBytes) return drop(id, 'message_too_large');
    if (total > limits.maxBufferedBytes) return drop(id, 'buffer_full');
    bytes.set(id, mine);
    try {
      const merged = original(params);
      if (merged !== null) bytes.delete(id);
      return merged;
    } catch (err) {
      bytes.delete(id);
      throw err;
    }
  };
}
