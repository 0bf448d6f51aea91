/**
 * The snapshot contract's version, apart from its zod schema so the exporter can stamp a snapshot without
 * building the schema first (run.ts builds it while the run waits on its subprocesses).
 * Bump when a change would make an older app misread a snapshot. Additive fields do not bump it.
 */
export const SCHEMA_VERSION = 1;
