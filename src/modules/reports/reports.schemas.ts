import { Type } from 'typebox';

/** The report's query; month and division are checked by the service (English code, zh-CN message). */
export const MonthlyQuery = Type.Object(
  {
    division: Type.Optional(Type.String({ maxLength: 20, description: 'A town (镇街) or the city; default: your jurisdiction. Unknown → 400 report.unknown_division; a village → 400 report.invalid_division; outside your jurisdiction → 404' })),
    month: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM (China time); default: the last month that has ended. Malformed → 400 report.invalid_month; not begun yet → 400 report.future_month' })),
  },
  { additionalProperties: false },
);
