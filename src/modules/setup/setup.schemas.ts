import { Type } from 'typebox';
import { Enum, Nullable } from '../../platform/schemas.js';

const Code = Type.String({ description: 'division code (6, 9 or 12 digits)' });

const BoundaryChange = Type.Object({
  code: Code,
  level: Type.String({ description: 'city (the county), town or village' }),
  name: Type.String(),
  oldAreaM2: Nullable(Type.Number()),
  newAreaM2: Nullable(Type.Number()),
  changedM2: Nullable(Type.Number({ description: 'area of the symmetric difference: what moved' })),
  derivedFrom: Nullable(Type.Integer({ description: 'drawn as the union of this many children (the file has no feature for it)' })),
});

const CaseMoveItem = Type.Object({
  id: Type.String(),
  caseNo: Type.String(),
  fromCode: Code,
  fromName: Type.String(),
  toCode: Nullable(Code),
  toName: Nullable(Type.String()),
});

const FeatureFate = Type.Object({
  n: Type.Integer({ description: '1-based position in the file' }),
  code: Nullable(Code),
  name: Nullable(Type.String()),
  fate: Enum(['added', 'moved', 'unchanged', 'refused', 'skipped'] as const),
  reason: Nullable(Type.String({ description: 'zh-CN: why refused or skipped' })),
  repaired: Nullable(Type.String({ description: 'ST_IsValidReason of a geometry repaired with ST_MakeValid' })),
  nameWarning: Nullable(Type.String()),
  areaM2: Nullable(Type.Number()),
  changedM2: Nullable(Type.Number()),
});

export const SetupReport = Type.Object(
  {
    applied: Type.Boolean({ description: 'written (false for a preview, or when a problem stopped it)' }),
    blocked: Type.Boolean({ description: 'a problem stops the apply; each is listed in its section' }),
    stale: Type.Boolean({ description: 'the database changed since the preview whose fingerprint was given: nothing written' }),
    changes: Type.Integer({ description: 'how many things an apply writes (wrote); 0: the database already says what the files say' }),
    fingerprint: Type.String({ description: 'digest of what an apply writes: give it back to apply exactly this preview' }),
    county: Nullable(Type.Object({ code: Code, name: Type.String() })),
    divisions: Nullable(
      Type.Object({
        file: Type.String(),
        encoding: Type.String(),
        rows: Type.Integer(),
        above: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() })),
        aboveKept: Type.Boolean({ description: 'the province and prefecture rows are in the tree (loaded now or before)' }),
        aboveNote: Nullable(Type.String({ description: 'why the rows above the county were not loaded' })),
        otherCounties: Type.Integer(),
        problems: Type.Array(Type.Object({ line: Type.Integer(), code: Nullable(Type.String()), reason: Type.String() })),
        added: Type.Array(Type.Object({ code: Code, level: Type.String(), name: Type.String() })),
        renamed: Type.Array(Type.Object({ code: Code, from: Type.String(), to: Type.String() })),
        unchanged: Type.Integer(),
        notInFile: Type.Array(Type.Object({ code: Code, name: Type.String() })),
      }),
    ),
    boundaries: Nullable(
      Type.Object({
        file: Type.String(),
        format: Type.String(),
        crs: Type.Object({ id: Type.String(), label: Type.String(), from: Type.String() }),
        encoding: Nullable(Type.String()),
        codeField: Nullable(Type.String()),
        nameField: Nullable(Type.String()),
        problem: Nullable(Type.String()),
        features: Type.Array(FeatureFate),
        added: Type.Array(BoundaryChange),
        moved: Type.Array(BoundaryChange),
        unchanged: Type.Integer(),
        removed: Type.Array(BoundaryChange),
      }),
    ),
    cases: Type.Object({ moved: Type.Array(CaseMoveItem), outside: Type.Array(CaseMoveItem) }),
    admin: Nullable(Type.Object({ username: Type.String(), status: Enum(['created', 'exists', 'refused'] as const), reason: Nullable(Type.String()) })),
    problems: Type.Array(Type.String({ description: 'zh-CN' })),
  },
  { description: 'What loading the files writes (or wrote), and every problem' },
);
