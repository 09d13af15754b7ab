/**
 * `sqlrev.config.json` (CONTRACT section 2), with every default filled in.
 */
import type { NamingConvention } from '../model/naming.js';
import type { DialectName } from '../ops/types.js';

export type Severity = 'error' | 'warning' | 'off';

export interface AuditConfig {
  rules: Record<string, Severity>;
  failOn: 'error' | 'warning';
}

export interface Config {
  /** Directory the config was found in; every path below is resolved against it. */
  root: string;
  /** The config file, or undefined when none exists (all defaults). */
  file?: string;
  revisions: string;
  out: string;
  /** A directory of user templates overriding the bundled ones, or undefined. */
  templates?: string;
  dialects: DialectName[];
  versionTable: string;
  tablePrefix: string;
  naming: NamingConvention;
  /** The revision a rollback script returns to; 'base' when unset. */
  deployed: string;
  audit: AuditConfig;
  /** e.g. "5s"; rendered as SET lock_timeout on PostgreSQL. */
  lockTimeout?: string;
}
