import { casesActions } from './cases.actions.js';
import { casesCore, type CasesDeps } from './cases.core.js';
import { casesDuplicates } from './cases.duplicates.service.js';
import { casesIntake } from './cases.intake.js';
import { casesQueries } from './cases.queries.js';

export type { NewCase } from './cases.intake.js';
export { contentFingerprint } from './cases.intake.js';

/**
 * The case register (一户一档): intake, the workflow and assignments, duplicates, queries. Depends on
 * divisions and the settings (calendar, deadlines, disposal rules); nothing here calls a module above it.
 */
export function casesService(deps: CasesDeps) {
  const core = casesCore(deps);
  return {
    load: core.load,
    ...casesIntake(deps, core),
    ...casesActions(deps, core),
    ...casesDuplicates(deps),
    ...casesQueries(deps, core),
  };
}
export type CasesService = ReturnType<typeof casesService>;
