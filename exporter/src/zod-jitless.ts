/**
 * Imported first by the CLI entry (before any schema is built): the exporter is a one-shot process that
 * validates each schema a handful of times, so zod's JIT (compiling a fast-path parser with
 * `new Function` per object schema on first use) costs more than it saves: ~20 ms of CPU to validate one
 * snapshot, against ~5 ms without it. zod reads this setting when a schema is constructed, hence the
 * import order.
 */
import { z } from 'zod';

z.config({ jitless: true });
