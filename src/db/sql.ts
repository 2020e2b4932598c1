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

/** Statements worth keeping parsed: data reads and writes (never DDL, transaction control or settings). */
export const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Conditions whose best plan depends on the value: patterns, ranges, spatial tests. A statement with one
 * is planned for its values at every execution (as node-postgres' unnamed statements are); plain key
 * lookups and writes keep their parsed statement and may use PostgreSQL's generic plan once it has seen
 * five executions.
 */
const VALUE_DEPENDENT =
  /\b(i?like|similar\s+to|between|st_(intersects|contains|within|covers|coveredby|dwithin|dfullywithin|overlaps|touches|crosses|disjoint|equals))\b|&&|[<>]=?\s*(\$|any\b)|\$\d+(::\w+)?\s*[<>]/i;

/** Value-dependent (above), unless the statement ends with KEEP_PLAN: then it is kept like a plain lookup. */
export const valueDependent = (text: string) => VALUE_DEPENDENT.test(text) && !text.trimEnd().endsWith(KEEP_PLAN_COMMENT);

/** Whether a statement is kept parsed under a name on its connection (both drivers). */
export const keepsPlan = (text: string) => PREPARABLE.test(text) && !valueDependent(text);
