/**
 * The one sync interface (issue 12 §2): each platform reads its whole directory into a
 * `DirectorySnapshot`, or throws — a platform error, an unexpected answer, a page that fails
 * halfway — so a failed read never reaches the org file. WeCom, DingTalk, Feishu and Slack are
 * here, each tested against its own local fake.
 */
import type { OrgIdPlatform } from '../../domain/platform-ids.js';
import { TORG } from '../../texts/org.js';
import { scalarText } from '../../domain/scalar-text.js';

export interface SnapshotDepartment {
  /** The platform's department id. */
  key: string;
  name: string;
  parentKey?: string;
  /** Platform user ids of its leaders. */
  leaderIds: string[];
}

export interface SnapshotUser {
  platformId: string;
  name: string;
  /** Platform department ids, main department first (empty on Slack). */
  deptKeys: string[];
  mobile?: string;
  email?: string;
}

export interface DirectorySnapshot {
  platform: OrgIdPlatform;
  /** Undefined on platforms without departments (Slack). */
  departments?: SnapshotDepartment[];
  users: SnapshotUser[];
}

export interface DirectorySource {
  platform: OrgIdPlatform;
  read(): Promise<DirectorySnapshot>;
}

/** A platform answered an error or something unexpected; the sync changes nothing. */
export class DirectoryReadError extends Error {
  constructor(platform: string, what: string) {
    super(TORG.readFailed(platform, what));
    this.name = 'DirectoryReadError';
  }
}

/**
 * One JSON call of a platform's legacy API (WeCom qyapi, DingTalk oapi): GET without a body,
 * POST with one; anything but HTTP 200 with `errcode` 0 is a `DirectoryReadError`. The URL
 * carries the token, so errors name `label` (the API path) only.
 */
export async function errcodeCall(platform: string, doFetch: typeof fetch, url: string, label: string, body?: unknown): Promise<Record<string, unknown>> {
  let json: Record<string, unknown>;
  try {
    const res = await doFetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    json = (await res.json()) as Record<string, unknown>;
  } catch (err) {
    throw new DirectoryReadError(platform, `${label}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (Number(json['errcode'] ?? 0) !== 0) throw new DirectoryReadError(platform, `${label}: errcode ${String(json['errcode'])} ${scalarText(json['errmsg'])}`);
  return json;
}
