/**
 * The one sync interface (issue 12 §2): each platform reads its whole directory into a
 * `DirectorySnapshot`, or throws — a platform error, an unexpected answer, a page that fails
 * halfway — so a failed read never reaches the org file. WeCom and Slack are here; DingTalk and
 * Feishu sources implement the same interface with their own fakes.
 */
import type { OrgIdPlatform } from '../../domain/platform-ids.js';

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
    super(`${platform} 通讯录读取失败,未做任何更改:${what} — reading the ${platform} directory failed; nothing was changed`);
    this.name = 'DirectoryReadError';
  }
}
