import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `web_login`: a one-time dashboard login link (看板), by the SHA-256 of its random id.
 * `used_at` is set by the one request that redeems it; a second use, or one after `expires_at`,
 * is refused.
 */
@Entity('web_login')
export class WebLoginEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'id' })
  id!: string;
  @Column({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;
  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;
  @Column({ type: 'bigint', name: 'expires_at', transformer: epochMs })
  expiresAt!: number;
  @Column({ type: 'bigint', name: 'used_at', nullable: true, transformer: epochMs })
  usedAt!: number | null;
}

/**
 * Row of `web_session`: a dashboard browser session, by the SHA-256 of its cookie value, with the
 * CSRF token its forms carry. It ends when revoked (logout) or when unused for the idle time.
 */
@Entity('web_session')
@Index('idx_web_session_person', ['person'])
export class WebSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'id' })
  id!: string;
  @Column({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;
  @Column({ type: 'varchar', length: 64, name: 'csrf' })
  csrf!: string;
  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;
  @Column({ type: 'bigint', name: 'seen_at', transformer: epochMs })
  seenAt!: number;
  @Column({ type: 'bigint', name: 'revoked_at', nullable: true, transformer: epochMs })
  revokedAt!: number | null;
}
