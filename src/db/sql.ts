import { sql } from 'kysely';

/** The comment `KEEP_PLAN` ends a statement with. */
export const KEEP_PLAN_COMMENT = '/* keep-plan */';

/**
 * Ends a statement whose best plan is the same whatever its values: a key lookup that also tests a
 * time or a place (the session check, the job queue, the village of a point, a case's neighbours).
 * On PGlite such a statement is kept parsed and may use PostgreSQL's generic plan, instead of being
 * planned again at each execution as statements with range, pattern or spatial tests are
 * (pglite-dialect.ts); on PostgreSQL it is a comment. Put it last: `sql\`… ${KEEP_PLAN}\`` or
 * `.modifyEnd(KEEP_PLAN)`.
 */
export const KEEP_PLAN = sql.raw(KEEP_PLAN_COMMENT);
